/**
 * The point-in-time property, B1: a store restored to target LSN L holds
 * exactly the committed state at L: the history's initial state, then every
 * acknowledged commit whose LSN is at or before L, applied in LSN order, and
 * nothing of any commit after L. A restore that replays one record too many
 * (or one too few) shows up as a key whose value differs.
 *
 * Only acknowledged commits have a known LSN, so the property is exact for a
 * history whose commits were all answered (the pitr scenarios run to a clean
 * end); an unanswered commit is left out of the expected state, and a restore
 * that contains it is reported.
 */
import type { CommitHistory } from './commit-history.js';
import { compareLogSequenceNumbers } from './log-sequence-number.js';
import type { OracleFinding } from './oracle-types.js';
import { FINDING_VALUE_CHARACTERS_MAX } from './oracle-types.js';

/** At most this many differing keys are reported per restore. */
const FINDINGS_MAX = 10;

/** The committed state at `targetLsn` (inclusive), sorted by key. */
export function committedStateAt(history: CommitHistory, targetLsn: string): [string, string][] {
  const state = new Map(history.initialEntries);
  const included = history.commits
    .filter((commit) => commit.status === 'acknowledged' && commit.lsn !== undefined && (compareLogSequenceNumbers(commit.lsn, targetLsn) ?? 1) <= 0)
    .sort((a, b) => compareLogSequenceNumbers(a.lsn ?? '', b.lsn ?? '') ?? 0);
  for (const commit of included) {
    for (const [key, value] of commit.writes) {
      if (value === null) state.delete(key);
      else state.set(key, value);
    }
  }
  return [...state.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** B1 findings for a store restored to `targetLsn` whose dump is `restored`; empty when it holds exactly the committed state there. */
export function checkRestoredAtTarget(history: CommitHistory, targetLsn: string, restored: readonly (readonly [string, string])[]): OracleFinding[] {
  const expected = new Map(committedStateAt(history, targetLsn));
  const actual = new Map(restored);
  const findings: OracleFinding[] = [];
  const keys = [...new Set([...expected.keys(), ...actual.keys()])].sort();
  for (const key of keys) {
    const expectedValue = expected.get(key) ?? null;
    const actualValue = actual.get(key) ?? null;
    if (expectedValue === actualValue) continue;
    const writer = history.commits.find((commit) => commit.writes.some(([written, value]) => written === key && value === actualValue));
    findings.push({
      property: 'B1',
      message:
        `restored to ${targetLsn}, key ${JSON.stringify(key)} holds ${shorten(actualValue)}, the committed state there has ${shorten(expectedValue)}` +
        (writer?.lsn !== undefined ? ` (the restored value was written by tx ${writer.tx} at ${writer.lsn})` : ''),
      ...(writer === undefined ? {} : { tx: writer.tx }),
      key,
      expectedValue,
      actualValue,
    });
    if (findings.length >= FINDINGS_MAX) break;
  }
  return findings;
}

function shorten(value: string | null): string {
  if (value === null) return 'nothing';
  return JSON.stringify(value.length > FINDING_VALUE_CHARACTERS_MAX ? `${value.slice(0, FINDING_VALUE_CHARACTERS_MAX)}...` : value);
}
