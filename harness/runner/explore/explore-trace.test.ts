import { describe, expect, it } from 'vitest';
import type { CrashModel } from '../../crash-state/crash-models.js';
import type { CommitHistory } from '../../oracle/commit-history.js';
import type { RecoveryResult } from '../../oracle/oracle-types.js';
import type { TraceRecord } from '../../trace/trace-record.js';
import { exploreTrace, plannedBoundaries } from './explore-trace.js';

const bytes = new Uint8Array(16).fill(0x61);
const write = (offsetBytes: number): TraceRecord => ({ kind: 'write', fileId: 1, offsetBytes, data: bytes, syncMode: 'none' });
const ack = (tx: number): TraceRecord => ({ kind: 'output', line: JSON.stringify({ id: tx, type: 'ack', tx, lsn: `0/${tx}` }) });

// Operations 0..8; acks after operations 3 (the write) and 5 (the sync).
const RECORDS: readonly TraceRecord[] = [
  { kind: 'create', path: 'log', fileId: 1 },
  { kind: 'sync-directory', path: '.' },
  write(0),
  { kind: 'sync', fileId: 1, syncKind: 'fdatasync' },
  ack(1),
  write(16),
  { kind: 'sync', fileId: 1, syncKind: 'fdatasync' },
  ack(2),
  write(32),
  write(48),
  write(64),
];
const EMPTY_HISTORY: CommitHistory = { initialEntries: new Map(), commits: [] };
const MODELS: readonly CrashModel[] = ['process-crash', 'power-loss'];

/** A recoverer that finds nothing wrong and counts its calls, optionally waiting on one of them. */
function countingRecoverer(slowCall?: { readonly callNumber: number; readonly delayMs: number }) {
  const calls = { count: 0 };
  const recover = async (): Promise<RecoveryResult> => {
    calls.count += 1;
    if (calls.count === slowCall?.callNumber) await new Promise((resolve) => setTimeout(resolve, slowCall.delayMs));
    return { kind: 'recovered', entries: [] };
  };
  return { calls, recover };
}

describe('plannedBoundaries', () => {
  it('plans every stride-th boundary, every boundary right after an ack, and the last', () => {
    expect(plannedBoundaries(RECORDS, 1)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Stride 4: 0, 4, 8; after acks: 4 (the ack follows operation 3) and 6; the last: 9.
    expect(plannedBoundaries(RECORDS, 4)).toEqual([0, 4, 6, 8, 9]);
  });
});

describe('exploreTrace', () => {
  it('checks every planned boundary under every model when there is no deadline', async () => {
    const { calls, recover } = countingRecoverer();
    const result = await exploreTrace({ records: RECORDS, history: EMPTY_HISTORY, models: MODELS, seed: 1, recover, boundaryStride: 4 });
    expect(result).toMatchObject({ boundaries: 5, boundariesPlanned: 5, statesChecked: 10, cutByDeadline: false, findings: [] });
    expect(calls.count).toBe(10);
  });

  it('checks nothing once its deadline has passed, and says it was cut', async () => {
    const { calls, recover } = countingRecoverer();
    const result = await exploreTrace({ records: RECORDS, history: EMPTY_HISTORY, models: MODELS, seed: 1, recover, deadlineMs: performance.now() - 1 });
    expect(result).toMatchObject({ boundaries: 0, boundariesPlanned: 10, statesChecked: 0, cutByDeadline: true });
    expect(calls.count).toBe(0);
  });

  it('stops between crash states when the deadline passes part-way', async () => {
    // The third recovery outlasts the deadline: nothing after it is checked.
    const { calls, recover } = countingRecoverer({ callNumber: 3, delayMs: 150 });
    const result = await exploreTrace({ records: RECORDS, history: EMPTY_HISTORY, models: MODELS, seed: 1, recover, deadlineMs: performance.now() + 100 });
    expect(result.cutByDeadline).toBe(true);
    expect(result.statesChecked).toBeLessThanOrEqual(3);
    expect(calls.count).toBe(result.statesChecked);
    expect(result.boundaries).toBeLessThan(result.boundariesPlanned);
  });
});
