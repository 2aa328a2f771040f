/**
 * C1, the change-data-capture property: the changes a consumer received,
 * across its own crashes and the primary's, are exactly the committed sequence
 * of the finally recovered primary. Three ways to break it:
 *
 * - a phantom: a received change the recovered log does not hold at that LSN
 *   (a commit a power cut took back after it was emitted, or one that never was);
 * - a gap or a reordering: a session (one run of the reader, started from the
 *   consumer's confirmed LSN) whose changes are not the committed ones right
 *   after that LSN, in order; a change at or below the confirmed LSN is a
 *   duplicate the consumer can recognise by its LSN, and is allowed;
 * - a loss: what the consumer confirmed, end to end, is not the whole log.
 */
import type { Change } from '../../engine/cdc/change-line.js';
import { formatLsn } from '../../engine/wal/lsn.js';
import type { OracleFinding } from './oracle-types.js';

/** One run of the reader: the confirmed LSN it started from and what it emitted, in order. */
export interface ConsumerSession {
  /** Where the session ran, for messages (e.g. `cycle 2, drain after the kill`). */
  readonly label?: string;
  readonly fromLsn: number;
  readonly changes: readonly Change[];
}

/** What the consumer saw: every session, and the changes it confirmed durably, in order. */
export interface ChangeStreamHistory {
  readonly sessions: readonly ConsumerSession[];
  readonly confirmed: readonly Change[];
}

/** Findings reported per kind at most, so one lost commit does not flood the report. */
const FINDINGS_PER_KIND_MAX = 3;

/** Checks C1 of `history` against `committed`, the recovered primary's changes from its first commit. */
export function checkChangeStream(history: ChangeStreamHistory, committed: readonly Change[]): OracleFinding[] {
  const byPosition = new Map(committed.map((change) => [positionOf(change), change]));
  const phantoms: OracleFinding[] = [];
  const sequence: OracleFinding[] = [];
  const reported = new Set<string>();
  for (const [index, session] of history.sessions.entries()) {
    for (const change of session.changes) {
      const held = byPosition.get(positionOf(change));
      if ((held === undefined || !sameChange(held, change)) && !reported.has(positionOf(change))) {
        reported.add(positionOf(change));
        phantoms.push({
          property: 'C1',
          message: `phantom change: the consumer received ${describe(change)}${session.label === undefined ? '' : ` (${session.label})`}, but the recovered log holds ${held === undefined ? 'no such change' : describe(held)}`,
          tx: change.tx,
          key: change.key,
          expectedValue: held?.new ?? null,
          actualValue: change.new,
        });
      }
    }
    const problem = sessionProblem(session, committed);
    if (problem !== undefined) sequence.push({ property: 'C1', message: `reader session ${index} (${session.label === undefined ? '' : `${session.label}, `}from ${formatLsn(session.fromLsn)}): ${problem}` });
  }
  const loss = confirmedProblem(history.confirmed, committed);
  return [...phantoms.slice(0, FINDINGS_PER_KIND_MAX), ...sequence.slice(0, FINDINGS_PER_KIND_MAX), ...(loss === undefined ? [] : [loss])];
}

/** Why a session is not the committed changes right after its start (duplicates at or below it aside), or undefined. */
function sessionProblem(session: ConsumerSession, committed: readonly Change[]): string | undefined {
  const after = session.changes.filter((change) => change.lsn > session.fromLsn);
  const expected = committed.filter((change) => change.lsn > session.fromLsn);
  const leading = session.changes.findIndex((change) => change.lsn > session.fromLsn);
  if (leading !== -1 && session.changes.slice(leading).some((change) => change.lsn <= session.fromLsn)) {
    return 'a change at or below the confirmed LSN came after newer ones (out of order)';
  }
  for (const [index, change] of after.entries()) {
    const want = expected[index];
    if (want === undefined) return `emitted ${describe(change)} after the end of the committed log`;
    if (!sameChange(want, change)) return `emitted ${describe(change)} where the committed sequence has ${describe(want)} (a gap, duplicate or reordering)`;
  }
  return undefined;
}

/** Why the confirmed stream is not the committed sequence, or undefined. */
function confirmedProblem(confirmed: readonly Change[], committed: readonly Change[]): OracleFinding | undefined {
  const length = Math.max(confirmed.length, committed.length);
  for (let index = 0; index < length; index += 1) {
    const got = confirmed[index];
    const want = committed[index];
    if (got !== undefined && want !== undefined && sameChange(got, want)) continue;
    if (want !== undefined) {
      return {
        property: 'C1',
        message: `lost change: the consumer confirmed ${index} changes matching the log, then ${got === undefined ? 'nothing more' : describe(got)}, but the log's next is ${describe(want)}`,
        tx: want.tx,
        key: want.key,
        expectedValue: want.new,
        ...(got === undefined ? {} : { actualValue: got.new }),
      };
    }
    return { property: 'C1', message: `the consumer confirmed ${describe(got as Change)} beyond the end of the recovered log`, tx: (got as Change).tx, key: (got as Change).key };
  }
  return undefined;
}

function positionOf(change: Change): string {
  return `${change.lsn}/${change.write}`;
}

function sameChange(a: Change, b: Change): boolean {
  return a.lsn === b.lsn && a.tx === b.tx && a.key === b.key && a.old === b.old && a.new === b.new && a.write === b.write && a.writes === b.writes;
}

/** `tx 7 at 0/1030 write 0/2: key a null -> "x"`, values cut short. */
function describe(change: Change): string {
  const value = (text: string | null): string => (text === null ? 'null' : JSON.stringify(text.length > 24 ? `${text.slice(0, 24)}...` : text));
  return `tx ${change.tx} at ${formatLsn(change.lsn)} write ${change.write + 1}/${change.writes}: ${change.key} ${value(change.old)} -> ${value(change.new)}`;
}
