// Injected faults and crash points under the preload shim, seen from the
// unmodified program (the error it gets) and from the trace (the records).
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';
import {
  REGISTER_PATH,
  fileSystemRecordCount,
  fixturePath,
  readableRecords,
  removeTemporaryDirectories,
  runUnderPreload,
} from './test-support/run-under-preload.js';

afterEach(removeTemporaryDirectories);

const outputLines = (stdout: string): Record<string, unknown>[] =>
  stdout
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('injected faults', () => {
  it('EIO on fsync: the program sees an injected EIO in every family, a later fsync succeeds, the trace holds the faults', async () => {
    const run = await runUnderPreload(fixturePath('failing-fsync.mjs'), {
      config: {
        faults: [
          { kind: 'eio-fsync', target: { pathPattern: 'sync', matchIndex: 0 } },
          { kind: 'eio-fsync', target: { pathPattern: 'promise' } },
          { kind: 'eio-fsync', target: { pathPattern: 'callback' } },
        ],
      },
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const reports = outputLines(run.stdout);
    expect(reports.map((report) => [report['what'], report['code']])).toEqual([
      ['first', 'EIO'],
      ['second', null],
      ['promise', 'EIO'],
      ['callback', 'EIO'],
    ]);
    for (const report of reports.filter((entry) => entry['code'] === 'EIO')) expect(report['message']).toMatch(/injected/);
    const records = readableRecords(run.records) as { kind: string }[];
    const syncFile = records.slice(0, 7).map((record) => record.kind);
    // write, failed fsync (a fault, no sync), then the retried fsync is a real sync record.
    expect(syncFile).toEqual(['create', 'open', 'write', 'fault', 'output', 'sync', 'output']);
    expect(records[3]).toEqual({ kind: 'fault', fault: 'eio-fsync', operation: 'sync', path: 'sync' });
    expect(records.filter((record) => record.kind === 'fault')).toHaveLength(3);
    expect(records.filter((record) => record.kind === 'sync')).toHaveLength(1);
  });

  it('a short write returns the short count; ENOSPC fails the write without writing', async () => {
    const run = await runUnderPreload(fixturePath('write-faults.mjs'), {
      config: {
        faults: [
          { kind: 'short-write', keepFraction: 0.5, target: { matchIndex: 0 } },
          { kind: 'enospc', target: { matchIndex: 1 } },
        ],
      },
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const [short, enospc, after] = outputLines(run.stdout);
    expect(short).toEqual({ written: 4 });
    expect(enospc).toMatchObject({ code: 'ENOSPC' });
    expect(enospc?.['message']).toMatch(/injected/);
    expect(after).toEqual({ written: 2 });
    const records = readableRecords(run.records).filter((record) => (record as { kind: string }).kind !== 'output');
    expect(records.slice(2)).toEqual([
      { kind: 'write', fileId: 'F0', offsetBytes: 0, data: 'abcd', syncMode: 'none' },
      { kind: 'fault', fault: 'short-write', operation: 'write', path: 'w' },
      { kind: 'fault', fault: 'enospc', operation: 'write', path: 'w' },
      { kind: 'write', fileId: 'F0', offsetBytes: 4, data: 'mn', syncMode: 'none' },
    ]);
  });
});

describe('crash points', () => {
  it.each([0, 3, 7])('crashAfterOperation %i: SIGKILL right after that operation, the trace holds N+1 file-system records', async (crashAfterOperation) => {
    const run = await runUnderPreload(fixturePath('many-writes.mjs'), { config: { crashAfterOperation } });
    expect(run.signal).toBe('SIGKILL');
    expect(run.tornTailBytes).toBe(0);
    expect(fileSystemRecordCount(run.records)).toBe(crashAfterOperation + 1);
    // Records 0 and 1 are create and open; write k is record k + 2 and prints "wrote k" after it,
    // so the kill after record N comes before "wrote N-2" is printed.
    expect(run.stdout.split('\n').filter((line) => line.length > 0)).toHaveLength(Math.max(0, crashAfterOperation - 2));
  });

  it('without a crash point the program runs to the end', async () => {
    const run = await runUnderPreload(fixturePath('many-writes.mjs'));
    expect(run.exitCode).toBe(0);
    expect(fileSystemRecordCount(run.records)).toBe(12);
  });
});

describe('without UNPLUG_SHIM', () => {
  const probe = 'const fs = require("node:fs"); console.log(fs.writeSync.toString().startsWith("function writeSync("))';
  const isOriginalWriteSync = async (shimConfig: string): Promise<string> => {
    const result = await execa('node', ['--import', REGISTER_PATH, '-e', probe], { env: { UNPLUG_SHIM: shimConfig }, reject: false });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    return String(result.stdout);
  };

  it('the shim patches nothing; with a config it does patch (the probe can tell)', async () => {
    expect(await isOriginalWriteSync('')).toBe('true');
    expect(await isOriginalWriteSync(JSON.stringify({ root: '/nonexistent-unplug-root', seed: 1 }))).toBe('false');
  });

  it('a malformed config stops the program with a message naming the field', async () => {
    const result = await execa('node', ['--import', REGISTER_PATH, '-e', '0'], { env: { UNPLUG_SHIM: '{"root":"/x"}' }, reject: false });
    expect(result.exitCode).not.toBe(0);
    expect(String(result.stderr)).toMatch(/shim config: seed/);
  });
});
