/**
 * The queue of commits waiting for the next group flush. It is bounded
 * (ENGINE_LIMITS.pendingCommitsMax), and one flush takes at most
 * FLUSH_COMMITS_MAX commits or FLUSH_BYTES_MAX payload bytes (always at least
 * one commit), so one flush's buffer and sync stay bounded too.
 */
import type { CommitReceipt, EngineError, Write } from '../engine-types.js';
import { ENGINE_LIMITS } from '../engine-types.js';

/** Most commits one group flush takes. */
export const FLUSH_COMMITS_MAX = 4096;
/** Most payload bytes one group flush takes (a larger single commit still goes alone). */
export const FLUSH_BYTES_MAX = 8 * 1024 * 1024;

/** A commit waiting for its flush. */
export interface PendingCommit {
  readonly tx: number;
  readonly writes: readonly Write[];
  readonly payload: Buffer;
  readonly resolve: (receipt: CommitReceipt) => void;
  readonly reject: (error: EngineError) => void;
  /** A replicated commit: the LSN the primary wrote it at, which this log must reproduce. */
  readonly expectedLsn?: number;
}

/** FIFO of pending commits in commit order. */
export class CommitQueue {
  private items: PendingCommit[] = [];

  /** Number of commits waiting. */
  get length(): number {
    return this.items.length;
  }

  /** True when another commit would exceed the queue limit. */
  isFull(): boolean {
    return this.items.length >= ENGINE_LIMITS.pendingCommitsMax;
  }

  /** Adds a commit at the end. */
  push(commit: PendingCommit): void {
    this.items.push(commit);
  }

  /** Removes and returns the next flush's commits (bounded, at least one when not empty). */
  takeBatch(): readonly PendingCommit[] {
    let count = 0;
    let bytes = 0;
    while (count < this.items.length && count < FLUSH_COMMITS_MAX) {
      const next = this.items[count];
      if (next === undefined || (count > 0 && bytes + next.payload.length > FLUSH_BYTES_MAX)) break;
      bytes += next.payload.length;
      count += 1;
    }
    // The common case takes the whole queue: hand over the array instead of copying it.
    if (count === this.items.length) return this.takeAll();
    const batch = this.items.slice(0, count);
    this.items = this.items.slice(count);
    return batch;
  }

  /** Removes and returns every waiting commit. */
  takeAll(): readonly PendingCommit[] {
    const all = this.items;
    this.items = [];
    return all;
  }
}
