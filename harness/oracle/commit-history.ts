/**
 * What the harness knows about the commits of a run: which it issued, which
 * were acknowledged (with their LSN, the commit order), which failed and which
 * were still in flight when the plug was pulled. Positions (`issuedAt`,
 * `acknowledgedAt`) are on one clock per run: the harness's event counter in a
 * live run, the trace record index in an exploration. They give the real-time
 * order: a commit acknowledged before another was issued precedes it.
 */
import type { Write } from '../../engine/engine-types.js';
import { assert } from '../../engine/invariants.js';

/** Where a commit stood when the plug was pulled. */
export type CommitStatus =
  /** Acknowledged: it must survive. */
  | 'acknowledged'
  /** The engine answered with an error: not committed, or unknown; it may go either way. */
  | 'failed'
  /** Issued but not answered: it may go either way. */
  | 'in-flight';

/** One commit the harness issued. */
export interface CommitEntry {
  readonly tx: number;
  readonly writes: readonly Write[];
  readonly status: CommitStatus;
  /** The commit's LSN, when an ack named it (possibly an ack after the crash point, for ordering only). */
  readonly lsn?: string;
  readonly issuedAt: number;
  readonly acknowledgedAt?: number;
  /** The error code of a failed commit. */
  readonly errorCode?: string;
}

/** The commits of one crash cycle and the state they started from. */
export interface CommitHistory {
  /** The recovered state the cycle started from: older than every commit of the cycle. */
  readonly initialEntries: ReadonlyMap<string, string>;
  readonly commits: readonly CommitEntry[];
}

/** Records issues, acks and errors as they happen, then snapshots a `CommitHistory`. */
export interface CommitHistoryRecorder {
  issue(tx: number, writes: readonly Write[]): void;
  acknowledge(tx: number, lsn: string): void;
  fail(tx: number, errorCode: string): void;
  /** How many commits were acknowledged so far. */
  readonly acknowledgedCount: number;
  /** The history as it stands (commits not answered are in flight). */
  snapshot(): CommitHistory;
}

interface MutableEntry {
  tx: number;
  writes: readonly Write[];
  status: CommitStatus;
  lsn?: string;
  issuedAt: number;
  acknowledgedAt?: number;
  errorCode?: string;
}

/** A recorder on the harness's own event clock. */
export function createCommitHistoryRecorder(initialEntries: ReadonlyMap<string, string> = new Map()): CommitHistoryRecorder {
  const entries = new Map<number, MutableEntry>();
  let clock = 0;
  let acknowledgedCount = 0;
  const answered = (tx: number): MutableEntry => {
    const entry = entries.get(tx);
    assert(entry !== undefined, `answer for tx ${tx}, which was never issued`);
    return entry;
  };
  return {
    issue(tx, writes) {
      assert(!entries.has(tx), `tx ${tx} issued twice`);
      entries.set(tx, { tx, writes, status: 'in-flight', issuedAt: clock++ });
    },
    acknowledge(tx, lsn) {
      const entry = answered(tx);
      entry.status = 'acknowledged';
      entry.lsn = lsn;
      entry.acknowledgedAt = clock++;
      acknowledgedCount += 1;
    },
    fail(tx, errorCode) {
      const entry = answered(tx);
      entry.status = 'failed';
      entry.errorCode = errorCode;
      clock += 1;
    },
    get acknowledgedCount() {
      return acknowledgedCount;
    },
    snapshot() {
      return { initialEntries, commits: [...entries.values()].map((entry) => ({ ...entry })) };
    },
  };
}

/**
 * The history as it stood at `cutPosition`: acks at or after the cut become
 * in flight (their LSN still orders them), commits issued at or after the cut
 * are dropped (a value of theirs in a crash state would be a phantom).
 */
export function historyAtCut(history: CommitHistory, cutPosition: number): CommitHistory {
  // Every model's state at one boundary shares the cut (and the oracle's index of it).
  let cuts = cutCache.get(history);
  if (cuts === undefined) {
    cuts = new Map();
    cutCache.set(history, cuts);
  }
  const cached = cuts.get(cutPosition);
  if (cached !== undefined) return cached;
  const cut = computeCut(history, cutPosition);
  cuts.set(cutPosition, cut);
  return cut;
}

const cutCache = new WeakMap<CommitHistory, Map<number, CommitHistory>>();

function computeCut(history: CommitHistory, cutPosition: number): CommitHistory {
  const commits = history.commits
    .filter((commit) => commit.issuedAt < cutPosition)
    .map((commit): CommitEntry => {
      if (commit.status === 'acknowledged' && (commit.acknowledgedAt ?? Infinity) >= cutPosition) {
        const { acknowledgedAt: _acknowledgedAt, ...rest } = commit;
        return { ...rest, status: 'in-flight' };
      }
      return commit;
    });
  return { initialEntries: history.initialEntries, commits };
}
