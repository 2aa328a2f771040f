/**
 * The oracle: checks one recovered crash state against the commit history.
 *
 * - P1 durability: every acknowledged commit is present (each write visible,
 *   unless a commit that may follow it overwrote or deleted the key).
 * - P2 atomicity: a commit with any write visible has all of them accounted for.
 * - P3 prefix: no holes: a commit that certainly precedes a recovered one is present.
 * - P4 integrity: every value was written by a commit of the history (or is the
 *   starting state's); recovery never fails in a state the fault model allows,
 *   except that under `bitrot` a `CORRUPT` error is the right answer.
 *
 * `bitrot` has the weaker promise of docs/fault-models.md: a flip in the last
 * synced record looks exactly like a torn tail, so losing a suffix of the log
 * is not a P1 violation there; a hole, a torn commit or a wrong value still is.
 *
 * Concurrency is handled by the partial order of `commit-order.ts`: where the
 * order is unknown the oracle gives the engine the benefit of the doubt, so it
 * never reports a violation a correct engine could produce.
 */
import { assertNever } from '../../engine/invariants.js';
import type { CommitEntry, CommitHistory } from './commit-history.js';
import { mayFollow, mustPrecede } from './commit-order.js';
import { isIntactCommitValue, parseCommitValue } from '../workload/commit-value.js';
import { FINDING_VALUE_CHARACTERS_MAX, type CheckOptions, type OracleFinding, type RecoveryResult } from './oracle-types.js';

/** Shortens a value for a message: the self-describing header survives. */
export function shortenValue(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value.length <= FINDING_VALUE_CHARACTERS_MAX ? value : `${value.slice(0, FINDING_VALUE_CHARACTERS_MAX)}...(${value.length} bytes)`;
}

/** Who wrote what a key holds in the recovered state. */
type VisibleWriter =
  | { readonly kind: 'absent' }
  | { readonly kind: 'initial' }
  | { readonly kind: 'commit'; readonly commit: CommitEntry }
  | { readonly kind: 'phantom'; readonly value: string };

/** The recovered state indexed for the checks. */
interface RecoveredIndex {
  readonly entries: ReadonlyMap<string, string>;
  writerOf(key: string): VisibleWriter;
  deletersOf(key: string): readonly CommitEntry[];
}

/** Per-history lookups, built once per history and shared by every crash state checked against it. */
interface HistoryIndex {
  readonly commitByTx: ReadonlyMap<number, CommitEntry>;
  readonly deleters: ReadonlyMap<string, readonly CommitEntry[]>;
}

const historyIndexes = new WeakMap<CommitHistory, HistoryIndex>();

function indexHistory(history: CommitHistory): HistoryIndex {
  const cached = historyIndexes.get(history);
  if (cached !== undefined) return cached;
  const commitByTx = new Map<number, CommitEntry>();
  const deleters = new Map<string, CommitEntry[]>();
  for (const commit of history.commits) {
    commitByTx.set(commit.tx, commit);
    for (const [key, value] of commit.writes) {
      if (value === null) deleters.set(key, [...(deleters.get(key) ?? []), commit]);
    }
  }
  const index = { commitByTx, deleters };
  historyIndexes.set(history, index);
  return index;
}

function indexRecoveredState(history: CommitHistory, entries: readonly (readonly [string, string])[]): RecoveredIndex {
  const recovered = new Map(entries);
  const { commitByTx, deleters } = indexHistory(history);
  const writers = new Map<string, VisibleWriter>();
  const findWriter = (key: string): VisibleWriter => {
    const value = recovered.get(key);
    if (value === undefined) return { kind: 'absent' };
    // A value names its writer (self-describing values); the name is trusted only if that commit wrote exactly it.
    const named = parseCommitValue(value);
    const commit = named === undefined ? undefined : commitByTx.get(named.tx);
    if (commit !== undefined && commit.writes.some(([writtenKey, written]) => writtenKey === key && written === value)) return { kind: 'commit', commit };
    if (history.initialEntries.get(key) === value) return { kind: 'initial' };
    return { kind: 'phantom', value };
  };
  return {
    entries: recovered,
    writerOf(key) {
      let writer = writers.get(key);
      if (writer === undefined) {
        writer = findWriter(key);
        writers.set(key, writer);
      }
      return writer;
    },
    deletersOf: (key) => deleters.get(key) ?? [],
  };
}

/** The first write of `commit` the recovered state does not account for, or undefined when it is present. */
function firstUnaccountedWrite(commit: CommitEntry, index: RecoveredIndex): readonly [string, string | null] | undefined {
  for (const [key, value] of commit.writes) {
    const writer = index.writerOf(key);
    if (writer.kind === 'commit' && writer.commit === commit) continue;
    // Overwritten (or deleted) by a commit that may come after this one: fine.
    if (writer.kind === 'commit' && mayFollow(writer.commit, commit)) continue;
    if (writer.kind === 'absent') {
      if (value === null) continue;
      if (index.deletersOf(key).some((deleter) => mayFollow(deleter, commit))) continue;
    }
    return [key, value];
  }
  return undefined;
}

/** True when some value of `commit` is visible: evidence that recovery replayed it. */
function isEvidentlyRecovered(commit: CommitEntry, index: RecoveredIndex): boolean {
  return commit.writes.some(([key, value]) => value !== null && index.entries.get(key) === value);
}

function describeWriter(writer: VisibleWriter): string {
  switch (writer.kind) {
    case 'absent':
      return 'the key is absent';
    case 'initial':
      return 'it holds the value from before this cycle';
    case 'commit':
      return `it holds tx ${writer.commit.tx}'s value`;
    case 'phantom':
      return `it holds a value no commit wrote (${shortenValue(writer.value)})`;
    default:
      return assertNever(writer, 'visible writer');
  }
}

function checkIntegrity(history: CommitHistory, index: RecoveredIndex): OracleFinding[] {
  const findings: OracleFinding[] = [];
  for (const [key, value] of index.entries) {
    if (index.writerOf(key).kind !== 'phantom') continue;
    const named = parseCommitValue(value);
    const issued = named !== undefined && history.commits.some((commit) => commit.tx === named.tx);
    const what =
      named === undefined
        ? 'garbage no commit wrote'
        : !isIntactCommitValue(value) || named.key !== key
          ? `a torn or misplaced value naming tx ${named.tx}`
          : issued
            ? `a value of tx ${named.tx} that tx never wrote to this key`
            : `a value of tx ${named.tx}, which is not in this cycle's history (resurrected or invented)`;
    findings.push({
      property: 'P4',
      message: `key ${key} holds ${what}: ${shortenValue(value)}`,
      ...(named === undefined ? {} : { tx: named.tx }),
      key,
      actualValue: shortenValue(value),
    });
  }
  return findings;
}

/** Checks one recovered crash state; an empty result means the state is correct. */
export function checkRecoveredState(history: CommitHistory, recovery: RecoveryResult, options: CheckOptions): OracleFinding[] {
  if (recovery.kind === 'failed') {
    if (options.faultModel === 'bitrot' && recovery.code === 'CORRUPT') return [];
    return [
      {
        property: 'P4',
        message: `recovery failed (${recovery.code}: ${recovery.message}) in a crash state the ${options.faultModel} model allows`,
      },
    ];
  }
  const index = indexRecoveredState(history, recovery.entries);
  const findings = checkIntegrity(history, index);
  const missing = new Map<CommitEntry, readonly [string, string | null]>();
  for (const commit of history.commits) {
    const unaccounted = firstUnaccountedWrite(commit, index);
    if (unaccounted !== undefined) missing.set(commit, unaccounted);
  }
  const evident = history.commits.filter((commit) => isEvidentlyRecovered(commit, index));

  for (const [commit, [key, value]] of missing) {
    const actual = index.entries.get(key) ?? null;
    const detail = { tx: commit.tx, key, expectedValue: shortenValue(value), actualValue: shortenValue(actual) };
    const because = describeWriter(index.writerOf(key));
    // Under bitrot a flipped bit in the last synced record is indistinguishable from a torn tail, so
    // losing a suffix of the log is allowed; holes (P3), torn commits (P2) and wrong data (P4) are not.
    if (commit.status === 'acknowledged' && options.faultModel !== 'bitrot') {
      const lsn = commit.lsn === undefined ? '' : ` at ${commit.lsn}`;
      findings.push({ property: 'P1', message: `acknowledged tx ${commit.tx}${lsn} is lost: its write to ${key} is missing (${because})`, ...detail });
    }
    if (evident.includes(commit)) {
      findings.push({ property: 'P2', message: `tx ${commit.tx} is torn: some of its writes survived, its write to ${key} did not (${because})`, ...detail });
    }
  }
  // One hole finding per missing commit, naming the first later commit that survived.
  for (const [commit, [key, value]] of missing) {
    const later = evident.find((candidate) => mustPrecede(commit, candidate));
    if (later === undefined) continue;
    findings.push({
      property: 'P3',
      message: `hole in the commit order: tx ${commit.tx} is missing (${key}) but tx ${later.tx}, which comes after it, survived`,
      tx: commit.tx,
      key,
      expectedValue: shortenValue(value),
      actualValue: shortenValue(index.entries.get(key) ?? null),
    });
  }
  return findings;
}
