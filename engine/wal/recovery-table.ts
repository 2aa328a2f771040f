/**
 * The recovery decision table (after TigerBeetle's journal `recovery_cases`):
 * what recovery does given what it found where the log stops. Every combination
 * of the classifying inputs matches exactly one row; recovery-table.test.ts
 * enumerates them all.
 *
 *   log | later flush's | stops before   | ends at the   | where the log stops     | decision
 *   found | record found | the proven end | clean close   |                         |
 *   ----+---------------+----------------+---------------+-------------------------+----------------------
 *   no  | *             | *              | *             | *                       | empty
 *   yes | yes           | *              | *             | *                       | corrupt
 *   yes | no            | yes            | *             | *                       | corrupt
 *   yes | no            | no             | yes           | *                       | clean-shutdown
 *   yes | no            | no             | no            | missing segment         | clean-end
 *   yes | no            | no             | no            | zero-filled header      | zero-filled-tail
 *   yes | no            | no             | no            | stale record (old LSN)  | stale-recycled-record
 *   yes | no            | no             | no            | torn (bad checksum/len) | torn-tail
 *
 * "The proven end" is the largest LSN a durable witness says the log reached:
 * the control file's log end (a checkpoint's redo point, or the end at a clean
 * close) and every segment header's `preparedAtLsn`. The end of the log is
 * proven, not guessed: the log stops at a place no witness contradicts, and no
 * record of a later flush exists anywhere after it.
 *
 * What the table cannot tell apart: damage confined to the newest flush of a
 * crashed store. A crash during that flush's write or sync (before its ack) can
 * leave any subset of its sectors, so a failed checksum there, even with whole
 * records of the same flush after it, is what a torn last write looks like; a
 * flipped byte after the sync looks the same, and the engine writes nothing
 * between a flush's sync and the next flush that could witness the sync (such a
 * witness would need a sync of its own: a second sync per flush). So it reads
 * as `torn-tail` and the newest flush is dropped. Any later durable write that
 * proves the sync (a record of a later flush, a segment header prepared after
 * it, a clean close) turns the same damage into `corrupt`
 * (store/newest-flush-damage.test.ts).
 *
 * In every row but `corrupt` the bytes after the last whole commit are not part
 * of the log: recovery zeroes them and syncs before any new append (the torn
 * tail truncation), so nothing left there can be mistaken for a record later.
 * Nothing is deleted, recycled or zeroed before the decision is made.
 */
import { assert } from '../invariants.js';
import type { ScanStopKind } from './wal-scan.js';

/** The classifying inputs of the table. */
export interface RecoveryInputs {
  /** The control file exists (it is created before anything else of a store). */
  readonly logFound: boolean;
  /** The search found a valid record of a later flush after the stop. */
  readonly laterFlushRecordFound: boolean;
  /** The last whole commit ends before the proven end of the log. */
  readonly stopsBeforeProvenEnd: boolean;
  /** The control file says the store was closed cleanly and the log ends exactly there. */
  readonly endsAtCleanClose: boolean;
  readonly stopKind: ScanStopKind;
}

/** What recovery does. */
export type RecoveryDecision =
  | 'empty'
  | 'clean-shutdown'
  | 'clean-end'
  | 'zero-filled-tail'
  | 'stale-recycled-record'
  | 'torn-tail'
  | 'corrupt';

/** One row: a pattern over the inputs ('*' matches anything) and its decision. */
export interface RecoveryRow {
  readonly logFound: boolean | '*';
  readonly laterFlushRecordFound: boolean | '*';
  readonly stopsBeforeProvenEnd: boolean | '*';
  readonly endsAtCleanClose: boolean | '*';
  readonly stopKind: ScanStopKind | '*';
  readonly decision: RecoveryDecision;
  readonly why: string;
}

const ANY = '*' as const;

/** The table, in the order of the comment above. */
export const RECOVERY_TABLE: readonly RecoveryRow[] = Object.freeze([
  row(false, ANY, ANY, ANY, ANY, 'empty', 'no control file: a new database'),
  row(true, true, ANY, ANY, ANY, 'corrupt', 'synced bytes are damaged: a later flush was written after them'),
  row(true, false, true, ANY, ANY, 'corrupt', 'the log stops before the end a durable witness proves it reached'),
  row(true, false, false, true, ANY, 'clean-shutdown', 'the store was closed cleanly and the log ends where the close recorded'),
  row(true, false, false, false, 'missing-segment', 'clean-end', 'the log ends where the next segment was never created'),
  row(true, false, false, false, 'zeros', 'zero-filled-tail', 'the log ends in preallocated zeros'),
  row(true, false, false, false, 'stale', 'stale-recycled-record', 'the log ends at a record from an earlier life of the segment'),
  row(true, false, false, false, 'torn', 'torn-tail', 'the last write was cut short by the crash: not acknowledged, dropped'),
]);

/** The single row matching `inputs`; asserts the table is exhaustive and unambiguous there. */
export function decideRecovery(inputs: RecoveryInputs, table: readonly RecoveryRow[] = RECOVERY_TABLE): RecoveryRow {
  const matches = table.filter((candidate) => rowMatches(candidate, inputs));
  assert(matches.length === 1, `recovery table has ${matches.length} rows for ${JSON.stringify(inputs)}`);
  const [match] = matches;
  assert(match !== undefined, 'one row matched');
  return match;
}

/** True when `candidate`'s pattern matches `inputs`. */
export function rowMatches(candidate: RecoveryRow, inputs: RecoveryInputs): boolean {
  return (
    fits(candidate.logFound, inputs.logFound) &&
    fits(candidate.laterFlushRecordFound, inputs.laterFlushRecordFound) &&
    fits(candidate.stopsBeforeProvenEnd, inputs.stopsBeforeProvenEnd) &&
    fits(candidate.endsAtCleanClose, inputs.endsAtCleanClose) &&
    fits(candidate.stopKind, inputs.stopKind)
  );
}

function fits<T>(pattern: T | '*', value: T): boolean {
  return pattern === ANY || pattern === value;
}

function row(
  logFound: boolean | '*',
  laterFlushRecordFound: boolean | '*',
  stopsBeforeProvenEnd: boolean | '*',
  endsAtCleanClose: boolean | '*',
  stopKind: ScanStopKind | '*',
  decision: RecoveryDecision,
  why: string,
): RecoveryRow {
  return { logFound, laterFlushRecordFound, stopsBeforeProvenEnd, endsAtCleanClose, stopKind, decision, why };
}
