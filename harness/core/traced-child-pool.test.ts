// The reusable traced child: a run traced through `reopen` in a reused child
// records what a fresh child records (the old store's closing in the old
// trace, the new store from its first operation, operation indices from 0,
// faults from the run's own stream), and a refused or broken retarget never
// lets a run go on in a child whose trace is wrong.
import { afterEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { TraceRecord } from '../trace/trace-record.js';
import { generateWorkload } from '../workload/generate-workload.js';
import { runInChild } from './child-traced-run.js';
import { TracedChildPool } from './traced-child-pool.js';
import { readRetargetRequest, encodeRetargetRequest } from '../preload/retarget-channel.js';
import { liveResourceCounts } from '../engine-client/process-registry.js';
import { parseOutputEvent } from './trace-boundaries.js';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const launch = { kind: 'command', command: 'node examples/append-only-store.mjs', cwd: repositoryRoot } as const;

/**
 * A trace as the harness reads it, without what differs between any two
 * processes: file-system records without inode numbers, and output lines as
 * the events they carry (acks by transaction; request ids and the answers to
 * `close` or `reopen` are not read).
 */
function shape(records: readonly TraceRecord[]): unknown[] {
  return records.flatMap((record): unknown[] => {
    if (record.kind === 'output') {
      const event = parseOutputEvent(record.line);
      return event === undefined ? [] : [event];
    }
    const { fileId: _fileId, ...rest } = record as TraceRecord & { fileId?: number };
    return [rest];
  });
}

const workloads = [1, 2, 3].map((seed) => generateWorkload(seed, { operationCount: 8, keyCount: 3, clients: 1, valueSizeBytesMax: 300, firstTx: 1 }));

describe('TracedChildPool', () => {
  let pool: TracedChildPool | undefined;
  afterEach(async () => {
    await pool?.close();
    pool = undefined;
  });

  it('traces each run of a reused child as a fresh child traces it', async () => {
    pool = new TracedChildPool(launch);
    const eioOnSecondSync = [{ kind: 'eio-fsync', target: { operations: ['sync'], matchIndex: 1 } }] as const;
    for (const [index, workload] of workloads.entries()) {
      const faults = index === 1 ? eioOnSecondSync : [];
      const fresh = await runInChild({ launch, workload, seed: 7, faults, ending: 'close' });
      const reused = await runInChild({ launch, workload, seed: 7, faults, ending: 'close', pool });
      expect(shape(reused.records)).toEqual(shape(fresh.records));
      // The trace starts with the new store's first operation and ends with the old one's close.
      expect(reused.records.filter((record) => record.kind === 'fault')).toHaveLength(index === 1 ? 1 : 0);
    }
    // The first run started the child and the second reused it; the store dies of the injected EIO
    // (it never retries a failed fsync), so the third run starts a fresh child.
    expect(pool.reuses).toBe(1);
  });

  it('recovers a crash state in the reused child as a fresh child does', async () => {
    pool = new TracedChildPool(launch);
    const [first, second] = workloads as [(typeof workloads)[0], (typeof workloads)[0]];
    await runInChild({ launch, workload: first, seed: 1, ending: 'close', pool });
    const fresh = await runInChild({ launch, workload: first, seed: 1, ending: 'close' });
    // A base state: the files the fresh run left, as a crash state holding them all.
    const { createCrashStateBuilder } = await import('../crash-state/crash-state-builder.js');
    const builder = createCrashStateBuilder();
    for (const record of fresh.records) builder.apply(record);
    const base = builder.build('process-crash', 1);
    const freshRecovery = await runInChild({ launch, workload: second, seed: 2, base, ending: 'close' });
    const reusedRecovery = await runInChild({ launch, workload: second, seed: 2, base, ending: 'close', pool });
    expect(shape(reusedRecovery.records)).toEqual(shape(freshRecovery.records));
    expect(reusedRecovery.commits.map((commit) => commit.answer?.kind)).toEqual(freshRecovery.commits.map((commit) => commit.answer?.kind));
    expect(pool.reuses).toBe(1);
  });

  it('leaves no child and no directory behind once closed', async () => {
    const before = liveResourceCounts();
    pool = new TracedChildPool(launch);
    await runInChild({ launch, workload: workloads[0] as (typeof workloads)[0], seed: 1, ending: 'close', pool });
    expect(liveResourceCounts().children).toBe(before.children + 1);
    await pool.close();
    expect(liveResourceCounts()).toEqual(before);
  });
});

describe('retarget requests', () => {
  it('reads a request the harness encodes, without the control descriptor', () => {
    const line = encodeRetargetRequest({ root: '/data/run-2', tracePath: '/traces/2.bin', seed: 9, controlFd: 3 });
    expect(line.endsWith('\n')).toBe(true);
    expect(readRetargetRequest(line.trim())).toEqual({ kind: 'target', config: { root: '/data/run-2', tracePath: '/traces/2.bin', seed: 9 } });
  });

  it('refuses what is not a well-formed retarget request, naming the problem', () => {
    expect(readRetargetRequest('{oops')).toMatchObject({ kind: 'refused', message: expect.stringMatching(/^not JSON/) });
    expect(readRetargetRequest('{"type":"close"}')).toEqual({ kind: 'refused', message: 'not a retarget request' });
    expect(readRetargetRequest('{"type":"retarget","shim":{"root":"","seed":1}}')).toEqual({ kind: 'refused', message: 'shim config: root "" is not a non-empty string' });
    expect(readRetargetRequest('{"type":"retarget","shim":{"root":"/d","seed":1.5}}')).toEqual({ kind: 'refused', message: 'shim config: seed 1.5 is not an integer' });
  });
});
