/**
 * Builds the commit history of one traced run with positions on the trace's
 * clock: a position is the number of file-system operations done so far, which
 * is also the crash-state builder's boundary numbering. Acks come from the
 * engine's protocol output recorded in the trace; the harness's own issue
 * markers (in-process runs only) give issue positions; what the harness heard
 * but the trace missed (an ack printed just before a SIGKILL) counts at the end.
 */
import type { Write } from '../../engine/engine-types.js';
import type { CommitEntry, CommitHistory } from '../oracle/commit-history.js';
import type { TraceRecord } from '../trace/trace-record.js';
import type { CommitAnswer } from '../engine-client/engine-process.js';

/** The `output` line the harness records when it issues a commit in process (not a protocol line). */
export function issueMarkerLine(tx: number): string {
  return JSON.stringify({ type: 'unplug-issue', tx });
}

/** A commit the harness issued, with the answer it got (none: in flight). */
export interface IssuedCommit {
  readonly tx: number;
  readonly writes: readonly Write[];
  readonly answer?: CommitAnswer;
}

/** True for records that are file-system operations (they advance the boundary). */
export function isOperationRecord(record: TraceRecord): boolean {
  return record.kind !== 'output' && record.kind !== 'fault';
}

/** What an output line says, when it is an ack or an issue marker. */
export function parseOutputEvent(line: string): { readonly kind: 'ack'; readonly tx: number; readonly lsn: string } | { readonly kind: 'issue'; readonly tx: number } | undefined {
  if (!line.includes('"ack"') && !line.includes('unplug-issue')) return undefined;
  try {
    const message = JSON.parse(line) as { type?: unknown; tx?: unknown; lsn?: unknown };
    if (typeof message.tx !== 'number') return undefined;
    if (message.type === 'ack' && typeof message.lsn === 'string') return { kind: 'ack', tx: message.tx, lsn: message.lsn };
    if (message.type === 'unplug-issue') return { kind: 'issue', tx: message.tx };
  } catch {
    // Not JSON: not an event the oracle needs.
  }
  return undefined;
}

/** The history of `commits` on the trace's clock. */
export function historyFromTrace(records: readonly TraceRecord[], commits: readonly IssuedCommit[], initialEntries: ReadonlyMap<string, string>): CommitHistory {
  const acks = new Map<number, { position: number; lsn: string }>();
  const issues = new Map<number, number>();
  let position = 0;
  for (const record of records) {
    if (isOperationRecord(record)) position += 1;
    else if (record.kind === 'output') {
      const event = parseOutputEvent(record.line);
      if (event?.kind === 'ack' && !acks.has(event.tx)) acks.set(event.tx, { position, lsn: event.lsn });
      if (event?.kind === 'issue' && !issues.has(event.tx)) issues.set(event.tx, position);
    }
  }
  const end = position;
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
