/**
 * The commit history of a cluster run, recorded on the client side: every
 * commit issued to the primary and how it was answered, on one logical clock
 * (each issue and each answer is one tick, so "acknowledged before issued"
 * gives the real-time order the oracle relies on), plus the wall-clock time of
 * each acknowledgement, for the bound of what a failover lost.
 */
import type { Write } from '../../engine/engine-types.js';
import type { CommitAnswer } from '../engine-client/engine-process.js';
import type { CommitEntry, CommitHistory } from '../oracle/commit-history.js';

interface Recorded {
  readonly tx: number;
  readonly writes: readonly Write[];
  readonly issuedAt: number;
  answer?: CommitAnswer;
  answeredAt?: number;
}

/** Records issued commits and their answers. */
export class ClusterHistoryRecorder {
  private clock = 0;
  private readonly commits = new Map<number, Recorded>();
  /** Wall-clock ms of each acknowledgement, by tx. */
  readonly acknowledgedAtMs = new Map<number, number>();

  /** A commit was sent to the primary. */
  issue(tx: number, writes: readonly Write[]): void {
    this.clock += 1;
    this.commits.set(tx, { tx, writes, issuedAt: this.clock });
  }

  /** The primary answered it (or died with it in flight). */
  answer(tx: number, answer: CommitAnswer): void {
    const commit = this.commits.get(tx);
    if (commit === undefined) return;
    this.clock += 1;
    commit.answer = answer;
    commit.answeredAt = this.clock;
    if (answer.kind === 'ack') this.acknowledgedAtMs.set(tx, Date.now());
  }

  /** The logical clock now: the tick of the latest issue or answer (a failure is placed on the timeline at it). */
  get now(): number {
    return this.clock;
  }

  /** How many commits were acknowledged so far. */
  get acknowledged(): number {
    return this.acknowledgedAtMs.size;
  }

  /** The history for the oracle: acknowledged, failed (fate unknown) or in flight. */
  history(): CommitHistory {
    const commits = [...this.commits.values()].map((commit): CommitEntry => {
      const base = { tx: commit.tx, writes: commit.writes, issuedAt: commit.issuedAt };
      switch (commit.answer?.kind) {
        case 'ack':
          return { ...base, status: 'acknowledged', lsn: commit.answer.lsn, acknowledgedAt: commit.answeredAt ?? commit.issuedAt };
        case 'error':
          return { ...base, status: 'failed', errorCode: commit.answer.code };
        case 'exited':
        case undefined:
          return { ...base, status: 'in-flight' };
        default: {
          const never: never = commit.answer;
          throw new Error(`unknown answer ${JSON.stringify(never)}`);
        }
      }
    });
    return { initialEntries: new Map(), commits };
  }
}
