/**
 * Builds the commit history of one traced run with positions on the trace's
 * clock (boundaries, `trace-boundaries.ts`). Acks come from the
 * engine's protocol output recorded in the trace; the harness's own issue
 * markers (in-process runs only) give issue positions; what the harness heard
 * but the trace missed (an ack printed just before a SIGKILL) counts at the end.
 */
import type { Write } from '../../engine/engine-types.js';
import type { CommitEntry, CommitHistory } from '../oracle/commit-history.js';
import type { TraceRecord } from '../trace/trace-record.js';
import type { CommitAnswer } from '../engine-client/engine-process.js';
import { traceBoundaries } from './trace-boundaries.js';

/** A commit the harness issued, with the answer it got (none: in flight). */
export interface IssuedCommit {
  readonly tx: number;
  readonly writes: readonly Write[];
  readonly answer?: CommitAnswer;
}

/** A traced run's records and what the harness heard. */
export interface TracedRun {
  readonly records: readonly TraceRecord[];
  readonly commits: readonly IssuedCommit[];
  /** Set when the engine could not even open (an injected fault during recovery, say). */
  readonly openFailure?: { readonly code: string; readonly message: string };
}

/** The history of `commits` on the trace's clock. */
export function historyFromTrace(records: readonly TraceRecord[], commits: readonly IssuedCommit[], initialEntries: ReadonlyMap<string, string>): CommitHistory {
  const acks = new Map<number, { position: number; lsn: string }>();
  const issues = new Map<number, number>();
  let end = 0;
  for (const stop of traceBoundaries(records)) {
    for (const event of stop.events) {
      if (event.kind === 'ack' && !acks.has(event.tx)) acks.set(event.tx, { position: stop.boundary, lsn: event.lsn });
      if (event.kind === 'issue' && !issues.has(event.tx)) issues.set(event.tx, stop.boundary);
    }
    end = stop.boundary;
  }
  const entries = commits.map((commit): CommitEntry => {
    const issuedAt = issues.get(commit.tx) ?? 0;
    const traced = acks.get(commit.tx);
    if (traced !== undefined) return { tx: commit.tx, writes: commit.writes, status: 'acknowledged', issuedAt, acknowledgedAt: traced.position, lsn: traced.lsn };
    if (commit.answer?.kind === 'ack') return { tx: commit.tx, writes: commit.writes, status: 'acknowledged', issuedAt, acknowledgedAt: end, lsn: commit.answer.lsn };
    if (commit.answer?.kind === 'error') return { tx: commit.tx, writes: commit.writes, status: 'failed', issuedAt, errorCode: commit.answer.code };
    return { tx: commit.tx, writes: commit.writes, status: 'in-flight', issuedAt };
  });
  return { initialEntries, commits: entries };
}
