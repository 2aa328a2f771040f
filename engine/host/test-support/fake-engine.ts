/**
 * A FAKE engine for protocol-layer tests only: an in-memory map behind the
 * `Engine` interface, with no WAL and no durability at all. It lets a test
 * decide when commits complete (to show the host reads on while commits are
 * pending and answers out of order) and which fail. Tests of durability use
 * the real engine, never this.
 */
import { EngineError, type CommitReceipt, type Engine, type EngineStats, type RecoveryReport, type Write } from '../../engine-types.js';

interface PendingCommit {
  readonly tx: number;
  readonly writes: readonly Write[];
  readonly resolve: (receipt: CommitReceipt) => void;
  readonly reject: (error: unknown) => void;
}

/** Options of the fake engine. */
export interface FakeEngineOptions {
  /** Complete each commit on the next macrotask instead of waiting for `completeCommits`. @defaultValue false */
  readonly completeCommitsAutomatically?: boolean;
}

/** The fake engine; see the file comment. */
export class FakeEngine implements Engine {
  readonly recovery: RecoveryReport = {
    outcome: 'empty',
    checkpointLsn: '0/0',
    endLsn: '0/0',
    commitsReplayed: 0,
    tornBytesTruncated: 0,
    durationMs: 0,
  };
  /** Every `commit` call, in arrival order, for assertions. */
  readonly commitCalls: number[] = [];
  readonly #values = new Map<string, string>();
  readonly #failures = new Map<number, unknown>();
  #pending: PendingCommit[] = [];
  #endOffset = 0;
  #closed = false;
  #checkpoints = 0;
  #commitsAcknowledged = 0;

  constructor(readonly options: FakeEngineOptions = {}) {}

  /** Makes the commit of `tx` fail with `error` when it completes. */
  failCommit(tx: number, error: unknown): void {
    this.#failures.set(tx, error);
  }

  /** Commits waiting for `completeCommits`. */
  pendingCommitCount(): number {
    return this.#pending.length;
  }

  /** Completes waiting commits, in arrival order or reversed. */
  completeCommits(order: 'arrival' | 'reverse' = 'arrival'): void {
    const batch = order === 'arrival' ? this.#pending : [...this.#pending].reverse();
    this.#pending = [];
    for (const commit of batch) this.#complete(commit);
  }

  isClosed(): boolean {
    return this.#closed;
  }

  commit(tx: number, writes: readonly Write[]): Promise<CommitReceipt> {
    this.commitCalls.push(tx);
    if (this.#closed) return Promise.reject(new EngineError('CLOSED', 'fake engine is closed'));
    return new Promise((resolve, reject) => {
      const pending = { tx, writes, resolve, reject };
      this.#pending.push(pending);
      if (this.options.completeCommitsAutomatically === true) {
        setImmediate(() => this.completeCommits());
      }
    });
  }

  get(key: string): string | undefined {
    if (this.#closed) throw new EngineError('CLOSED', 'fake engine is closed');
    return this.#values.get(key);
  }

  dump(): readonly (readonly [string, string])[] {
    return [...this.#values.entries()].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  }

  lsn(): string {
    return `0/${this.#endOffset.toString(16).toUpperCase()}`;
  }

  async checkpoint(): Promise<void> {
    this.#checkpoints += 1;
  }

  async close(): Promise<void> {
    this.completeCommits();
    this.#closed = true;
  }

  stats(): EngineStats {
    return { commitsAcknowledged: this.#commitsAcknowledged, groupFlushes: 0, syncs: 0, checkpoints: this.#checkpoints, walBytesWritten: this.#endOffset };
  }

  #complete(commit: PendingCommit): void {
    const failure = this.#failures.get(commit.tx);
    if (failure !== undefined) {
      commit.reject(failure);
      return;
    }
    const lsn = this.lsn();
    for (const [key, value] of commit.writes) {
      if (value === null) this.#values.delete(key);
      else this.#values.set(key, value);
    }
    this.#endOffset += 16 + commit.writes.length * 8;
    this.#commitsAcknowledged += 1;
    commit.resolve({ tx: commit.tx, lsn });
  }
}
