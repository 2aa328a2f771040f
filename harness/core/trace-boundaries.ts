/**
 * The one clock of a crash check, and the one walk over a trace that every
 * mode shares.
 *
 * THE CLOCK: a *boundary* is a number of completed file-system operations of
 * one traced run. Boundary B is the moment after the B-th operation record and
 * before the next one; a crash at B keeps (at most) the effect of those B
 * operations. Protocol output in the trace (acks, the harness's issue markers)
 * happens at the boundary it falls after, so an ack printed between
 * operations 4 and 5 happened at boundary 5 and a crash state at boundary 5
 * has seen it. The crash-state builder counts operations the same way
 * (`operationCount`, `CrashState.operationIndex`), and the commit history
 * stores its positions on this clock (`historyAtBoundary`).
 *
 *   records:   op0  op1  ack(tx1)  op2  ...  opN-1  [ack ...]
 *   boundary:  0    1    2         2    3    N-1    N (the end)
 */
import type { TraceRecord } from '../trace/trace-record.js';

/** A protocol event the clock places on a boundary. */
export type TraceEvent =
  | { readonly kind: 'ack'; readonly tx: number; readonly lsn: string }
  /** The harness's own marker of the moment it issued a commit (in-process runs). */
  | { readonly kind: 'issue'; readonly tx: number };

/** One stop of the walk: the state after `boundary` operations, and what was printed since the previous stop. */
export interface TraceBoundary {
  readonly boundary: number;
  /** Acks and issue markers recorded between the previous operation and this boundary. */
  readonly events: readonly TraceEvent[];
  /** True for the last stop, after every record (the end of the trace). */
  readonly final: boolean;
}

/** The `output` line the harness records when it issues a commit in process (not a protocol line). */
export function issueMarkerLine(tx: number): string {
  return JSON.stringify({ type: 'unplug-issue', tx });
}

/** True for records that are file-system operations (they advance the clock). */
export function isOperationRecord(record: TraceRecord): boolean {
  return record.kind !== 'output' && record.kind !== 'fault';
}

/** What an output line says, when it is an ack or an issue marker. */
export function parseOutputEvent(line: string): TraceEvent | undefined {
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

/**
 * Walks `records` boundary by boundary: yields each boundary before the
 * operation that ends it is applied, then the end. `apply` sees every record
 * in order, after the stop before it, so a crash-state builder fed by it holds
 * exactly the state of the boundary yielded. Stopping the loop early is fine.
 */
export function* traceBoundaries(records: readonly TraceRecord[], apply: (record: TraceRecord) => void = () => {}): Generator<TraceBoundary> {
  let boundary = 0;
  let events: TraceEvent[] = [];
  for (const record of records) {
    if (isOperationRecord(record)) {
      yield { boundary, events, final: false };
      events = [];
      boundary += 1;
    } else if (record.kind === 'output') {
      const event = parseOutputEvent(record.line);
      if (event !== undefined) events.push(event);
    }
    apply(record);
  }
  yield { boundary, events, final: true };
}

/** The transactions acknowledged at a stop. */
export function acksAt(stop: TraceBoundary): number[] {
  return stop.events.flatMap((event) => (event.kind === 'ack' ? [event.tx] : []));
}
