/**
 * The native shim on a real C program (test-support/sample-writer.c): every
 * interposed family lands in the trace in program order, with the Node shim's
 * record rules; a fork's child shares the trace; the crash point SIGKILLs the
 * whole traced tree right after operation N; injected faults fail the real call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram, describeRecord, makeScratch, operationRecords, runUnderShim, tryShimLibrary, type Scratch } from './test-support/native-test-kit.js';

const { library, reason } = tryShimLibrary();
let programs: string;
let sampleWriter: string;
const scratches: Scratch[] = [];
const scratch = (label: string): Scratch => {
  const made = makeScratch(label);
  scratches.push(made);
  return made;
};

beforeAll(() => {
  if (library === undefined) return;
  programs = mkdtempSync(join(tmpdir(), 'unplug-native-programs-'));
  sampleWriter = buildProgram(programs, 'sample-writer', ['sample-writer.c']);
});
afterAll(() => {
  for (const made of scratches) made.remove();
  if (programs !== undefined) rmSync(programs, { recursive: true, force: true });
});

describe('the native shim on a sample C program', () => {
  it('records every family in program order, the forked child included', (context) => {
    if (library === undefined) return context.skip(reason ?? 'no shim');
    const area = scratch('families');
    const { result, records } = runUnderShim(library, area, sampleWriter, [area.dataDirectory]);
    expect(result.status, result.stderr).toBe(0);
    expect(records.map(describeRecord)).toEqual([
      'create log',
      'open log',
      'write #@0 "record 0\\n"',
      'sync fdatasync',
      'write #@9 "record 1\\n"',
      'sync fdatasync',
      'write #@18 "record 2\\n"',
      'sync fdatasync',
      'write #@27 "vector\\n"',
      'sync fsync',
      'create data.tmp',
      'open data.tmp',
      'write #@100 "hello"',
      'truncate 4096',
      'truncate 8192',
      'sync fdatasync',
      'rename data.tmp -> data',
      'mkdir sub',
      'sync-directory .',
      'create sub/stream',
      'open sub/stream',
      'write #@0 "through stdio\\n"',
      'sync fsync',
      'open data',
      'write #@10 "mapped"',
      'sync fdatasync',
      'write #@20 "unsynced"',
      'create child',
      'open child',
      'write #@0 "from the child"',
      'sync fsync',
      'remove child',
    ]);
    // One file id per inode: the renamed file keeps its id, the mapping writes to it.
    const ids = records.flatMap((record) => ('fileId' in record ? [record.fileId] : []));
    expect(new Set(ids).size).toBe(4);
  });

  it('SIGKILLs the whole traced tree right after operation N, so the trace holds N + 1 operations', (context) => {
    if (library === undefined) return context.skip(reason ?? 'no shim');
    const area = scratch('crash');
    // The crash falls in the forked child (its 'create child' is operation 27); the parent, and the
    // shell waiting on a long sleep, must die with it.
    const crashAfterOperation = 27;
    const { result, records } = runUnderShim(library, area, '/bin/sh', ['-c', `"${sampleWriter}" "${area.dataDirectory}"; sleep 30`], { crashAfterOperation });
    expect(result.signal).toBe('SIGKILL');
    const operations = operationRecords(records);
    expect(operations).toHaveLength(crashAfterOperation + 1);
    expect(describeRecord(operations.at(-1)!)).toBe('create child');
  });

  it('injects EIO into the first fdatasync (Linux semantics: nothing synced, a fault record)', (context) => {
    if (library === undefined) return context.skip(reason ?? 'no shim');
    const area = scratch('eio');
    const { result, records } = runUnderShim(library, area, sampleWriter, [area.dataDirectory], { faults: [{ kind: 'eio-fsync', target: { matchIndex: 0 } }] });
    expect(result.status).toBe(1);
    expect(records.map(describeRecord)).toEqual(['create log', 'open log', 'write #@0 "record 0\\n"', 'fault eio-fsync sync log']);
  });

  it('cuts a write short and reports the short count', (context) => {
    if (library === undefined) return context.skip(reason ?? 'no shim');
    const area = scratch('short');
    const { records } = runUnderShim(library, area, sampleWriter, [area.dataDirectory], { faults: [{ kind: 'short-write', keepFraction: 0.5, target: { matchIndex: 0 } }] });
    // The program treats the short count as a failure and stops.
    expect(records.map(describeRecord)).toEqual(['create log', 'open log', 'write #@0 "reco"', 'fault short-write write log']);
  });

  it('records lines written to the protocol stdout as output records, not files', (context) => {
    if (library === undefined) return context.skip(reason ?? 'no shim');
    const area = scratch('output');
    const { records } = runUnderShim(library, area, '/bin/sh', ['-c', `echo first; echo second >> "${area.dataDirectory}/f"; echo third`]);
    expect(records.map(describeRecord)).toEqual(['output first', 'create f', 'open f', 'write #@0 "second\\n"', 'output third']);
  });

  it('does nothing to paths outside the root', (context) => {
    if (library === undefined) return context.skip(reason ?? 'no shim');
    const area = scratch('outside');
    const elsewhere = join(area.root, 'elsewhere');
    const { result, records } = runUnderShim(library, area, '/bin/sh', ['-c', `mkdir "${elsewhere}" && echo x > "${elsewhere}/f"`]);
    expect(result.status).toBe(0);
    expect(records).toEqual([]);
  });
});
