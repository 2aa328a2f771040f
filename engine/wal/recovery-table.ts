/**
 * The recovery decision table (after TigerBeetle's journal `recovery_cases`):
 * what recovery does given what it found where the log stops. Every combination
 * of the classifying inputs matches exactly one row; recovery-table.test.ts
 * enumerates them all.
 *
 *   log found | where the log stops     | later flush's record | decision
 *   ----------+-------------------------+----------------------+-----------------------
 *   no        | *                       | *                    | empty
 *   yes       | missing segment         | no                   | clean-end
 *   yes       | zero-filled header      | no                   | zero-filled-tail
 *   yes       | stale record (old LSN)  | no                   | stale-recycled-record
 *   yes       | torn (bad checksum/len) | no                   | torn-tail
 *   yes       | *                       | yes                  | corrupt
 *
 * In every row but `corrupt` the bytes after the last whole commit are not part
 * of the log: recovery zeroes them and syncs before any new append (the torn
 * tail truncation), so nothing left there can be mistaken for a record later.
 */
import { assert } from '../invariants.js';
import type { ScanStopKind } from './wal-scan.js';

/** The classifying inputs of the table. */
export interface RecoveryInputs {
  /** A control file or at least one segment exists. */
  readonly logFound: boolean;
  readonly stopKind: ScanStopKind;
  /** The bounded search found a valid record of a later flush after the stop. */
  readonly laterFlushRecordFound: boolean;
}

/** What recovery does. */
export type RecoveryDecision = 'empty' | 'clean-end' | 'zero-filled-tail' | 'stale-recycled-record' | 'torn-tail' | 'corrupt';

/** One row: a pattern over the inputs ('*' matches anything) and its decision. */
export interface RecoveryRow {
  readonly logFound: boolean | '*';
  readonly stopKind: ScanStopKind | '*';
  readonly laterFlushRecordFound: boolean | '*';
  readonly decision: RecoveryDecision;
  readonly why: string;
}

/** The table, in the order of the comment above. */
export const RECOVERY_TABLE: readonly RecoveryRow[] = Object.freeze([
  { logFound: false, stopKind: '*', laterFlushRecordFound: '*', decision: 'empty', why: 'no control file and no segment: a new database' },
  { logFound: true, stopKind: 'missing-segment', laterFlushRecordFound: false, decision: 'clean-end', why: 'the log ends where the next segment was never created' },
  { logFound: true, stopKind: 'zeros', laterFlushRecordFound: false, decision: 'zero-filled-tail', why: 'the log ends in preallocated zeros' },
  { logFound: true, stopKind: 'stale', laterFlushRecordFound: false, decision: 'stale-recycled-record', why: 'the log ends at a record from an earlier life of the segment' },
  { logFound: true, stopKind: 'torn', laterFlushRecordFound: false, decision: 'torn-tail', why: 'the last write was cut short by the crash: not acknowledged, dropped' },
  { logFound: true, stopKind: '*', laterFlushRecordFound: true, decision: 'corrupt', why: 'synced bytes are damaged: a later flush was written after them' },
]);

/** The single row matching `inputs`; asserts the table is exhaustive and unambiguous there. */
export function decideRecovery(inputs: RecoveryInputs, table: readonly RecoveryRow[] = RECOVERY_TABLE): RecoveryRow {
  const matches = table.filter((row) => rowMatches(row, inputs));
  assert(matches.length === 1, `recovery table has ${matches.length} rows for ${JSON.stringify(inputs)}`);
  const [row] = matches;
  assert(row !== undefined, 'one row matched');
  return row;
}

/** True when `row`'s pattern matches `inputs`. */
export function rowMatches(row: RecoveryRow, inputs: RecoveryInputs): boolean {
  return (
    (row.logFound === '*' || row.logFound === inputs.logFound) &&
    (row.stopKind === '*' || row.stopKind === inputs.stopKind) &&
    (row.laterFlushRecordFound === '*' || row.laterFlushRecordFound === inputs.laterFlushRecordFound)
  );
}
