/**
 * What the harness knows about the commits of a run: which it issued, which
 * were acknowledged (with their LSN, the commit order), which failed and which
 * were still in flight when the plug was pulled.
 *
 * THE CLOCK (one for every mode): positions (`issuedAt`, `acknowledgedAt`) are
 * operation boundaries of the run's trace, the number of file-system
 * operations that had completed when the event happened. A crash state built
 * at boundary B saw every event at a position <= B. Positions give the
 * real-time order too: a commit acknowledged before another was issued
 * precedes it. `historyAtBoundary` is the one place a history is cut.
 */
import type { Write } from '../../engine/engine-types.js';

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

/**
 * The history as a crash at `boundary` saw it: acks after the boundary become
 * in flight (their LSN still orders them), commits issued after it are dropped
 * (a value of theirs in a crash state would be a phantom).
 */
export function historyAtBoundary(history: CommitHistory, boundary: number): CommitHistory {
  // Every model's state at one boundary shares the cut (and the oracle's index of it).
  let cuts = cutCache.get(history);
  if (cuts === undefined) {
    cuts = new Map();
    cutCache.set(history, cuts);
  }
  const cached = cuts.get(boundary);
  if (cached !== undefined) return cached;
  const cut = computeCut(history, boundary);
  cuts.set(boundary, cut);
  return cut;
}

const cutCache = new WeakMap<CommitHistory, Map<number, CommitHistory>>();

function computeCut(history: CommitHistory, boundary: number): CommitHistory {
  const commits = history.commits
    .filter((commit) => commit.issuedAt <= boundary)
    .map((commit): CommitEntry => {
      if (commit.status === 'acknowledged' && (commit.acknowledgedAt ?? Infinity) > boundary) {
        const { acknowledgedAt: _acknowledgedAt, ...rest } = commit;
        return { ...rest, status: 'in-flight' };
      }
      return commit;
    });
  return { initialEntries: history.initialEntries, commits };
}
