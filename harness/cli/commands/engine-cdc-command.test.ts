// `unplug engine cdc` as a real child process beside a real primary on a real disk (compiled, from dist/).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EngineChild } from './test-support/engine-child.js';
import { ensureFreshBuild } from './test-support/ensure-fresh-build.js';
import { runUnplugSync, scratchDirectories } from './test-support/unplug-sync.js';

const scratch = scratchDirectories('engine-cdc');
const temporaryDirectory = scratch.create;

const unplug = runUnplugSync;

beforeAll(async () => {
  await ensureFreshBuild();
}, 200_000);

afterEach(() => scratch.removeAll());

describe('unplug engine cdc', () => {
  it('follows a primary that publishes its flush LSN, exits 0 on SIGTERM, and refuses an LSN a checkpoint folded away', async () => {
    const store = join(temporaryDirectory(), 'db');
    const primary = EngineChild.start(['--dir', store, '--publish-flush-lsn', '--segment-size', '4k', '--checkpoint-wal-bytes', '1g']);
    expect(await primary.nextLine()).toMatchObject({ type: 'ready' });
    expect(existsSync(join(store, 'flush-lsn'))).toBe(true);
    const follower = EngineChild.start(['cdc', '--dir', store, '--from-lsn', '0/0', '--follow', '--poll-interval-ms', '2']);
    primary.send({ id: 1, type: 'commit', tx: 1, writes: [['a', 'one'], ['b', 'two']] }, { id: 2, type: 'commit', tx: 2, writes: [['a', null]] });
    const acks = await primary.responsesFor([1, 2]);
    const lsnOf = (id: number): unknown => acks.get(id)?.['lsn'];
    expect(await follower.nextLine()).toEqual({ lsn: lsnOf(1), tx: 1, key: 'a', old: null, new: 'one', write: 0, writes: 2 });
    expect(await follower.nextLine()).toEqual({ lsn: lsnOf(1), tx: 1, key: 'b', old: null, new: 'two', write: 1, writes: 2 });
    expect(await follower.nextLine()).toEqual({ lsn: lsnOf(2), tx: 2, key: 'a', old: 'one', new: null, write: 0, writes: 1 });
    follower.subprocess.kill('SIGTERM');
    expect((await follower.exit()).exitCode).toBe(0);

    // Resuming from the first commit's LSN gives exactly what follows it.
    const resumed = unplug('engine', 'cdc', '--dir', store, '--from-lsn', String(lsnOf(1)));
    expect(resumed.status).toBe(0);
    expect(resumed.stdout.trim().split('\n').map((line) => JSON.parse(line) as { tx: number })).toEqual([expect.objectContaining({ tx: 2, key: 'a' })]);

    primary.send({ id: 3, type: 'commit', tx: 3, writes: [['c', 'x'.repeat(3000)]] }, { id: 4, type: 'commit', tx: 4, writes: [['c', 'y'.repeat(3000)]] });
    await primary.responsesFor([3, 4]);
    primary.send({ id: 5, type: 'checkpoint' });
    await primary.responsesFor([5]);
    const refused = unplug('engine', 'cdc', '--dir', store, '--from-lsn', String(lsnOf(1)));
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--from-lsn 0\/[0-9A-F]+ is older than the retained WAL: .* the oldest LSN this store can resume from is 0\/[0-9A-F]+\n$/);
    const oldest = /resume from is (\S+)\n/.exec(refused.stderr)?.[1] ?? '';
    expect(unplug('engine', 'cdc', '--dir', store, '--from-lsn', oldest).status).toBe(0);
    primary.send({ id: 6, type: 'close' });
    await primary.exit();
  });

  it('names the bad value of a bad flag with exit 2', () => {
    const store = temporaryDirectory();
    expect(unplug('engine', 'cdc', '--dir', store, '--from-lsn', 'yesterday')).toMatchObject({ status: 2, stderr: expect.stringContaining("--from-lsn must be an LSN like 0/16B3D0, got 'yesterday'") });
    expect(unplug('engine', 'cdc', '--dir', store)).toMatchObject({ status: 2, stderr: expect.stringContaining('--from-lsn <X/Y> is required') });
    expect(unplug('engine', 'cdc', '--dir', store, '--from-lsn', '0/0', '--defect', 'skip-checksum')).toMatchObject({ status: 2, stderr: expect.stringContaining("got 'skip-checksum'") });
    // A directory with no store is a wrong --dir (exit 2, as waldump), said once with the command's name.
    const noStore = unplug('engine', 'cdc', '--dir', store, '--from-lsn', '0/0');
    expect(noStore).toMatchObject({ status: 2, stderr: expect.stringContaining(`unplug engine cdc: '${store}' holds neither a control file nor WAL segments`) });
    expect(noStore.stderr).not.toContain('unplug engine: unplug engine');
  });
});
