// The forgetful store under the preload shim: it acknowledges commits whose log
// lines were never synced, and the trace shows it (writes and acks, no syncs).
// With --fsync the same check finds every ack preceded by a sync.
import { execa } from 'execa';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readableRecords, removeTemporaryDirectories, runUnderPreload } from '../harness/preload/test-support/run-under-preload.js';
import type { TraceRecord } from '../harness/trace/trace-record.js';

const STORE = fileURLToPath(new URL('./forgetful-store.mjs', import.meta.url));
const scratchDirectories: string[] = [];
afterEach(() => {
  removeTemporaryDirectories();
  for (const directory of scratchDirectories.splice(0)) fs.rmSync(directory, { recursive: true, force: true });
});

const requests = [
  { id: 1, type: 'commit', tx: 1, writes: [['a', '1'], ['b', '2']] },
  { id: 2, type: 'commit', tx: 2, writes: [['a', null]] },
  { id: 3, type: 'commit', tx: 3, writes: [['c', '3']] },
  { id: 4, type: 'get', key: 'b' },
  { id: 5, type: 'dump' },
  { id: 6, type: 'checkpoint' },
  { id: 7, type: 'close' },
];
const input = requests.map((request) => JSON.stringify(request)).join('\n') + '\n';

/** The transactions whose ack line was written while some write to a file was not yet followed by a sync of that file. */
function acksBeforeSync(records: readonly TraceRecord[]): number[] {
  const unsyncedFiles = new Set<number>();
  const early: number[] = [];
  for (const record of records) {
    if (record.kind === 'write' && record.syncMode === 'none') unsyncedFiles.add(record.fileId);
    if (record.kind === 'sync') unsyncedFiles.delete(record.fileId);
    if (record.kind === 'output') {
      const message = JSON.parse(record.line) as { type: string; tx?: number };
      if (message.type === 'ack' && unsyncedFiles.size > 0) early.push(message.tx as number);
    }
  }
  return early;
}

describe('examples/forgetful-store.mjs', () => {
  it('speaks protocol v1 under the shim; the trace holds its log writes and ack lines and no sync', async () => {
    const run = await runUnderPreload(STORE, { argumentTemplate: ['--dir', '{dir}'], input });
    expect(run.exitCode, run.stderr).toBe(0);
    const responses = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(responses[0]).toMatchObject({ type: 'ready', recovery: { outcome: 'clean', commitsReplayed: 0 } });
    expect(responses.slice(1).map((response) => response['type'])).toEqual(['ack', 'ack', 'ack', 'value', 'dump', 'ok', 'ok']);
    expect(responses[4]).toEqual({ id: 4, type: 'value', value: '2' });
    expect(responses[5]).toMatchObject({ id: 5, entries: [['b', '2'], ['c', '3']] });

    const records = readableRecords(run.records) as { kind: string; data?: string; line?: string }[];
    expect(records.slice(0, 2)).toEqual([
      { kind: 'create', fileId: 'F0', path: 'store.log' },
      { kind: 'open', fileId: 'F0', path: 'store.log', syncMode: 'none' },
    ]);
    const writes = records.filter((record) => record.kind === 'write');
    expect(writes.map((record) => JSON.parse(record.data ?? '') as { tx: number }).map((commit) => commit.tx)).toEqual([1, 2, 3]);
    // Each ack comes right after its commit's write.
    const ackIndex = (tx: number): number => records.findIndex((record) => record.kind === 'output' && (record.line ?? '').includes(`"ack","tx":${tx}`));
    for (const tx of [1, 2, 3]) expect(records[ackIndex(tx) - 1]).toMatchObject({ kind: 'write' });
    expect(records.some((record) => record.kind === 'sync' || record.kind === 'sync-directory')).toBe(false);
    expect(acksBeforeSync(run.records)).toEqual([1, 2, 3]);
  });

  it('with --fsync every ack follows a sync of the log, so the same check finds nothing', async () => {
    const run = await runUnderPreload(STORE, { argumentTemplate: ['--dir', '{dir}', '--fsync'], input });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(acksBeforeSync(run.records)).toEqual([]);
    expect(run.records.filter((record) => record.kind === 'sync').length).toBeGreaterThanOrEqual(3);
    expect(run.records.some((record) => record.kind === 'sync-directory' && record.path === '.')).toBe(true);
  });

  it('replays its log on start and cuts a torn last line off before appending', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-forgetful-'));
    scratchDirectories.push(directory);
    const logPath = path.join(directory, 'store.log');
    fs.writeFileSync(logPath, '{"tx":1,"writes":[["k","v1"],["j","x"]]}\n{"tx":2,"writes":[["j",null]]}\n{"tx":3,"wri');
    const session = [{ id: 1, type: 'commit', tx: 4, writes: [['m', 'n']] }, { id: 2, type: 'dump' }, { id: 3, type: 'close' }];
    const result = await execa('node', [STORE, '--dir', directory], { input: session.map((request) => JSON.stringify(request)).join('\n') + '\n', reject: false });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const [ready, , dump] = String(result.stdout).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(ready).toMatchObject({ type: 'ready', recovery: { outcome: 'torn-tail', commitsReplayed: 2, tornBytesTruncated: 12 } });
    expect(dump).toMatchObject({ entries: [['k', 'v1'], ['m', 'n']] });
    expect(fs.readFileSync(logPath, 'utf8').split('\n').filter((line) => line.length > 0).map((line) => (JSON.parse(line) as { tx: number }).tx)).toEqual([1, 2, 4]);
  });

  it('refuses a log with a malformed line in the middle with a fatal CORRUPT line', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-forgetful-'));
    scratchDirectories.push(directory);
    fs.writeFileSync(path.join(directory, 'store.log'), '{"tx":1,"writes":[]}\n\u0000\u0000\u0000\n{"tx":3,"writes":[]}\n');
    const result = await execa('node', [STORE, '--dir', directory], { input: '', reject: false });
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(String(result.stdout))).toMatchObject({ type: 'fatal', code: 'CORRUPT' });
  });

  it.each([
    // A flipped bit in the key name ('w' 0x77 -> 'v' 0x76): still JSON, no longer a commit record.
    ['a flipped bit in a key name', '{"tx":1,"vrites":[["k","v"]]}'],
    ['a bare JSON value', '5'],
    ['a write that is not a pair', '{"tx":1,"writes":[["k"]]}'],
  ])('names the line of %s with a fatal CORRUPT line instead of dying on an exception', async (_what, damaged) => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-forgetful-'));
    scratchDirectories.push(directory);
    fs.writeFileSync(path.join(directory, 'store.log'), `{"tx":0,"writes":[]}\n${damaged}\n{"tx":2,"writes":[]}\n`);
    const result = await execa('node', [STORE, '--dir', directory], { input: '', reject: false });
    expect(result.exitCode).toBe(1);
    expect(String(result.stderr)).toBe('');
    expect(JSON.parse(String(result.stdout))).toEqual({ type: 'fatal', code: 'CORRUPT', message: 'store.log line 2 is JSON but not a commit record' });
  });

  it('cuts off a damaged last line as a torn append (a hole where an unsynced block was lost)', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-forgetful-'));
    scratchDirectories.push(directory);
    const logPath = path.join(directory, 'store.log');
    const kept = '{"tx":1,"writes":[["k","v1"]]}\n';
    fs.writeFileSync(logPath, `${kept}\u0000\u0000\u0000\u0000"writes":[["k","v2"]]}\n`);
    const session = [{ id: 1, type: 'dump' }, { id: 2, type: 'close' }];
    const result = await execa('node', [STORE, '--dir', directory], { input: session.map((request) => JSON.stringify(request)).join('\n') + '\n', reject: false });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const [ready, dump] = String(result.stdout).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(ready).toMatchObject({ type: 'ready', recovery: { outcome: 'torn-tail', commitsReplayed: 1, tornBytesTruncated: 27 } });
    expect(dump).toMatchObject({ entries: [['k', 'v1']] });
    expect(fs.readFileSync(logPath, 'utf8')).toBe(kept);
  });
});
