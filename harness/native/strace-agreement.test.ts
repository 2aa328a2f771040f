/**
 * The shim sees every write and sync that `strace -f` sees: the same program
 * runs once under both at the same time, and for each file under the root the
 * number of write calls (write, pwrite64, writev, pwritev, pwritev2) and sync
 * calls (fsync, fdatasync) strace reports must equal the write and sync records
 * the shim appended. Programs: the sample C program (with a fork) and Debian's
 * sqlite3 shell in rollback-journal and WAL mode. Skipped with a message when
 * strace, sqlite3 or a compiler is missing (`.ci/run` installs them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { TraceRecord } from '../trace/trace-record.js';
import { findExecutable } from './choose-shim.js';
import { buildProgram, makeScratch, runUnderShim, tryShimLibrary, type Scratch } from './test-support/native-test-kit.js';

const { library, reason } = tryShimLibrary();
const strace = findExecutable('strace', process.cwd());
const sqlite3 = findExecutable('sqlite3', process.cwd());
let programs: string;
const scratches: Scratch[] = [];

beforeAll(() => {
  if (library !== undefined) programs = mkdtempSync(join(tmpdir(), 'unplug-native-strace-'));
});
afterAll(() => {
  for (const made of scratches) made.remove();
  if (programs !== undefined) rmSync(programs, { recursive: true, force: true });
});

type Counts = Record<string, { writes: number; syncs: number }>;
const WRITE_CALLS = new Set(['write', 'pwrite64', 'writev', 'pwritev', 'pwritev2']);
const SYNC_CALLS = new Set(['fsync', 'fdatasync']);

/** Counts strace's successful write and sync calls per root-relative path (`-y` prints each descriptor's path). */
function countStrace(text: string, root: string): Counts {
  const counts: Counts = {};
  for (const line of text.split('\n')) {
    const match = /^(?:\d+\s+)?(\w+)\((\d+)<([^>]*)>/.exec(line);
    if (match === null || / = -1 /.test(line)) continue;
    const [, call = '', , path = ''] = match;
    if (!path.startsWith(`${root}/`) && path !== root) continue;
    const key = relative(root, path.replace(/ \(deleted\)$/, '')) || '.';
    const entry = (counts[key] ??= { writes: 0, syncs: 0 });
    if (WRITE_CALLS.has(call)) entry.writes += 1;
    if (SYNC_CALLS.has(call)) entry.syncs += 1;
  }
  return counts;
}

/** Counts the shim's write and sync records per path (a file id is named by the path it was opened under then). */
function countTrace(records: readonly TraceRecord[]): Counts {
  const counts: Counts = {};
  const pathOf = new Map<number, string>();
  const bump = (path: string, field: 'writes' | 'syncs'): void => {
    const entry = (counts[path] ??= { writes: 0, syncs: 0 });
    entry[field] += 1;
  };
  for (const record of records) {
    if (record.kind === 'open') pathOf.set(record.fileId, record.path);
    if (record.kind === 'write') bump(pathOf.get(record.fileId) ?? '?', 'writes');
    if (record.kind === 'sync') bump(pathOf.get(record.fileId) ?? '?', 'syncs');
    if (record.kind === 'sync-directory') bump(record.path, 'syncs');
  }
  return counts;
}

function runBoth(label: string, file: string, args: (dataDirectory: string) => string[]): { strace: Counts; shim: Counts } {
  const area = makeScratch(label);
  scratches.push(area);
  const straceOutput = join(area.root, 'strace.txt');
  const { result, records } = runUnderShim(library!, area, strace!, ['-f', '-qq', '-y', '-e', `trace=${[...WRITE_CALLS, ...SYNC_CALLS].join(',')}`, '-o', straceOutput, file, ...args(area.dataDirectory)]);
  expect(result.status, result.stderr).toBe(0);
  return { strace: countStrace(readFileSync(straceOutput, 'utf8'), realpathSync(area.dataDirectory)), shim: countTrace(records) };
}

describe('the shim agrees with strace -f', () => {
  it('on the sample C program (write, pwrite, writev, stdio, fork)', (context) => {
    if (library === undefined) return context.skip(reason ?? 'no shim');
    if (strace === undefined) return context.skip('strace is not installed (apt-get install strace)');
    const sampleWriter = buildProgram(programs, 'sample-writer', ['sample-writer.c']);
    const { strace: seen, shim } = runBoth('sample', sampleWriter, (data) => [data, '--no-mmap']);
    expect(Object.keys(seen).length).toBeGreaterThanOrEqual(4);
    expect(shim).toEqual(seen);
  });

  for (const journalMode of ['delete', 'wal'] as const) {
    it(`on sqlite3 in ${journalMode} mode`, (context) => {
      if (library === undefined) return context.skip(reason ?? 'no shim');
      if (strace === undefined) return context.skip('strace is not installed (apt-get install strace)');
      if (sqlite3 === undefined) return context.skip('sqlite3 is not installed (apt-get install sqlite3)');
      const statements = [`PRAGMA journal_mode=${journalMode}`, 'PRAGMA synchronous=FULL', 'CREATE TABLE kv(k TEXT PRIMARY KEY, v TEXT)'];
      for (let index = 0; index < 20; index += 1) statements.push(`INSERT INTO kv VALUES('k${index}', '${'v'.repeat(index * 300)}')`);
      statements.push('PRAGMA wal_checkpoint(TRUNCATE)', 'DELETE FROM kv WHERE k > \'k5\'');
      const { strace: seen, shim } = runBoth(`sqlite-${journalMode}`, sqlite3, (data) => [join(data, 'store.db'), `${statements.join('; ')};`]);
      // The wal-index (-shm) is shared memory: the shim records its changes, strace sees no call for them.
      delete shim['store.db-shm'];
      delete seen['store.db-shm'];
      expect(Object.values(seen).reduce((sum, entry) => sum + entry.writes, 0)).toBeGreaterThan(10);
      expect(shim).toEqual(seen);
    });
  }
});
