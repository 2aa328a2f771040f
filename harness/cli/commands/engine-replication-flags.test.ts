/**
 * `unplug engine`'s replication flags refuse bad combinations with exit 2 and
 * a one-line message naming the flag and value, and a replica started as a
 * real child refuses commits until promoted, then accepts them on timeline 2.
 * Runs the compiled launcher (`npm test` builds first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runUnplugCli } from '../../disk/test-support/run-unplug-cli.js';
import { EngineChild } from './test-support/engine-child.js';

const scratches: string[] = [];
afterEach(() => {
  for (const directory of scratches.splice(0)) rmSync(directory, { recursive: true, force: true });
});
function scratch(): string {
  const directory = mkdtempSync(join(tmpdir(), 'unplug-repl-flags-'));
  scratches.push(directory);
  return directory;
}

describe('unplug engine replication flags', () => {
  it.each([
    [['--synchronous-replica'], /--synchronous-replica needs --serve-replicas <socket>/],
    [['--serve-replicas', 'a.sock', '--replica-of', 'b.sock'], /give --serve-replicas or --replica-of, not both/],
    [['--replica-of', 'x'.repeat(120)], /--replica-of must be a unix socket path of 1 to 107 bytes, got 'x{120}'/],
  ])('refuses %j with exit 2', async (flags, message) => {
    const result = await runUnplugCli(['engine', '--dir', join(scratch(), 'db'), ...flags]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a replica child refuses commits with READ_ONLY, and accepts them after promote', async () => {
    const root = scratch();
    const socketPath = join(root, 'p.sock');
    const primary = EngineChild.start(['--dir', join(root, 'primary'), '--segment-size', '64k', '--serve-replicas', socketPath, '--synchronous-replica']);
    expect(await primary.nextLine()).toMatchObject({ type: 'ready' });
    const replica = EngineChild.start(['--dir', join(root, 'replica'), '--segment-size', '64k', '--replica-of', socketPath]);
    expect(await replica.nextLine()).toMatchObject({ type: 'ready' });
    primary.send({ id: 1, type: 'commit', tx: 1, writes: [['k', 'v']] });
    expect(await primary.nextLine()).toMatchObject({ id: 1, type: 'ack' });
    replica.send({ id: 1, type: 'commit', tx: 2, writes: [['k', 'w']] });
    expect(await replica.nextLine()).toMatchObject({ id: 1, type: 'error', code: 'READ_ONLY' });
    replica.send({ id: 2, type: 'get', key: 'k' });
    expect(await replica.nextLine()).toMatchObject({ id: 2, value: 'v' });
    await primary.kill();
    replica.send({ id: 3, type: 'promote' });
    expect(await replica.nextLine()).toMatchObject({ id: 3, type: 'promoted', timeline: 2 });
    replica.send({ id: 4, type: 'commit', tx: 2, writes: [['k', 'w']] });
    expect(await replica.nextLine()).toMatchObject({ id: 4, type: 'ack', tx: 2 });
    replica.send({ id: 5, type: 'close' });
    expect(await replica.nextLine()).toMatchObject({ id: 5, type: 'ok' });
    expect((await replica.exit()).exitCode).toBe(0);
  });
});
