// The append-only store: a plain correct engine outside unplug. It recovers a
// torn tail, refuses damaged synced data, and passes a default campaign
// (every baseline scenario) under the preload shim.
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';

const STORE = fileURLToPath(new URL('./append-only-store.mjs', import.meta.url));
const UNPLUG = fileURLToPath(new URL('../bin/unplug.js', import.meta.url));
const scratchDirectories: string[] = [];
afterEach(() => {
  for (const directory of scratchDirectories.splice(0)) fs.rmSync(directory, { recursive: true, force: true });
});

/** A log line as the store writes it (see the diagram at the top of the store). */
function line(tx: number, writes: readonly (readonly [string, string | null])[]): string {
  const json = JSON.stringify({ tx, writes });
  return `${crc32(Buffer.from(json)).toString(16).padStart(8, '0')} ${json}\n`;
}

function scratch(): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-append-only-'));
  scratchDirectories.push(directory);
  return directory;
}

async function session(directory: string, requests: readonly object[]) {
  const result = await execa('node', [STORE, '--dir', directory], { input: requests.map((request) => JSON.stringify(request)).join('\n') + '\n', reject: false });
  return { exitCode: result.exitCode, stderr: String(result.stderr), responses: String(result.stdout).trim().split('\n').map((text) => JSON.parse(text) as Record<string, unknown>) };
}

describe('examples/append-only-store.mjs', () => {
  it('acknowledges commits, answers get and dump, and replays them after a restart', async () => {
    const directory = scratch();
    const first = await session(directory, [
      { id: 1, type: 'commit', tx: 1, writes: [['a', '1'], ['b', '2']] },
      { id: 2, type: 'commit', tx: 2, writes: [['a', null]] },
      { id: 3, type: 'get', key: 'b' },
      { id: 4, type: 'close' },
    ]);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.responses.map((response) => response['type'])).toEqual(['ready', 'ack', 'ack', 'value', 'ok']);
    expect(first.responses[3]).toEqual({ id: 3, type: 'value', value: '2' });
    expect(fs.readFileSync(path.join(directory, 'append.log'), 'utf8')).toBe(line(1, [['a', '1'], ['b', '2']]) + line(2, [['a', null]]));
    const second = await session(directory, [{ id: 1, type: 'dump' }, { id: 2, type: 'close' }]);
    expect(second.responses[0]).toMatchObject({ type: 'ready', recovery: { outcome: 'clean', commitsReplayed: 2 } });
    expect(second.responses[1]).toMatchObject({ type: 'dump', entries: [['b', '2']] });
  });

  it.each([
    ['an unterminated last line', 'deadbeef {"tx":3,"wri'],
    ['a last line whose checksum fails', line(3, [['k', 'v3']]).replace('v3', 'v4')],
    ['a hole of zeros in the last line', `${line(3, [['k', 'v3']]).slice(0, 12)}\0\0\0\0\0\0\n`],
  ])('cuts off %s as a torn tail and appends after the intact lines', async (_what, tail) => {
    const directory = scratch();
    const logPath = path.join(directory, 'append.log');
    const kept = line(1, [['k', 'v1']]) + line(2, [['j', 'x']]);
    fs.writeFileSync(logPath, kept + tail);
    const result = await session(directory, [{ id: 1, type: 'commit', tx: 4, writes: [['m', 'n']] }, { id: 2, type: 'dump' }, { id: 3, type: 'close' }]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.responses[0]).toMatchObject({ type: 'ready', recovery: { outcome: 'torn-tail', commitsReplayed: 2, tornBytesTruncated: Buffer.byteLength(tail) } });
    expect(result.responses[2]).toMatchObject({ entries: [['j', 'x'], ['k', 'v1'], ['m', 'n']] });
    expect(fs.readFileSync(logPath, 'utf8')).toBe(kept + line(4, [['m', 'n']]));
  });

  it('refuses a damaged line with an intact line after it (corruption, not a torn tail)', async () => {
    const directory = scratch();
    const damaged = line(2, [['k', 'v2']]).replace('v2', 'w2');
    fs.writeFileSync(path.join(directory, 'append.log'), line(1, []) + damaged + line(3, []));
    const result = await session(directory, []);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('');
    expect(result.responses).toEqual([{ type: 'fatal', code: 'CORRUPT', message: 'append.log line 2 is damaged but line 3 after it is intact' }]);
  });

  it('passes the default campaign (every baseline scenario and crash model) under the preload shim', async () => {
    const result = await execa('node', [UNPLUG, 'crash', '--engine', `node ${STORE}`, '--runs', '1', '--seed', '11', '--json'], { reject: false });
    const report = JSON.parse(String(result.stdout)) as { verdict: string; scenarios: { name: string; verdict: string; counts: { crashStates: number } }[] };
    expect(report.scenarios.map((scenario) => [scenario.name, scenario.verdict])).toEqual(
      report.scenarios.map((scenario) => [scenario.name, 'durable']),
    );
    expect(report.scenarios.length).toBeGreaterThanOrEqual(7);
    expect(report.scenarios.every((scenario) => scenario.counts.crashStates > 0)).toBe(true);
    expect(report.verdict).toBe('pass');
    expect(result.exitCode).toBe(0);
  }, 240_000);

  it('offers reopen: recovers another directory in the same process, as a fresh start would, and refuses a damaged one with an id-bearing fatal', async () => {
    const first = scratch();
    const second = scratch();
    const damaged = scratch();
    fs.writeFileSync(path.join(second, 'append.log'), line(1, [['k', 'v1']]) + 'deadbeef {"tx":2,"wri');
    fs.writeFileSync(path.join(damaged, 'append.log'), line(1, [['k', 'v1']]).replace('v1', 'v9') + line(2, [['k', 'v2']]));
    const { exitCode, responses } = await session(first, [
      { id: 1, type: 'commit', tx: 1, writes: [['only-in-first', 'x']] },
      { id: 2, type: 'reopen', dir: second },
      { id: 3, type: 'dump' },
      { id: 4, type: 'reopen', dir: damaged },
      { id: 5, type: 'get', key: 'k' },
      { id: 6, type: 'close' },
    ]);
    expect(exitCode).toBe(0);
    expect(responses[0]).toMatchObject({ type: 'ready', capabilities: ['reopen'] });
    expect(responses.slice(2)).toEqual([
      { id: 2, type: 'ready', lsn: expect.any(String), recovery: { outcome: 'torn-tail', commitsReplayed: 1, tornBytesTruncated: 21 } },
      { id: 3, type: 'dump', entries: [['k', 'v1']], lsn: expect.any(String) },
      { id: 4, type: 'fatal', code: 'CORRUPT', message: 'append.log line 1 is damaged but line 2 after it is intact' },
      { id: 5, type: 'error', code: 'CLOSED', message: 'no store is open: the last reopen failed' },
      { id: 6, type: 'ok' },
    ]);
    // The torn tail of the second directory was cut there; the first kept its commit.
    expect(fs.readFileSync(path.join(second, 'append.log'), 'utf8')).toBe(line(1, [['k', 'v1']]));
    expect(fs.readFileSync(path.join(first, 'append.log'), 'utf8')).toBe(line(1, [['only-in-first', 'x']]));
  });
});
