/**
 * Checkpoints asked for and not yet run: by callers of `checkpoint()`, who wait
 * for it, or by the engine itself once enough WAL was written since the last
 * one. The engine runs one checkpoint per turn for all of them.
 */
import type { EngineError } from '../engine-types.js';

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: EngineError) => void;
}

/** The pending checkpoint request and whoever waits for it. */
export class CheckpointRequests {
  #requested = false;
  #waiters: Waiter[] = [];

  /** True when a checkpoint should run in the next turn. */
  get requested(): boolean {
    return this.#requested;
  }

  /** Asks for a checkpoint; resolves once it ran (or rejects when it failed). */
  wait(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      this.#requested = true;
    });
  }

  /** Asks for a checkpoint nobody waits for (the WAL grew past the threshold). */
  request(): void {
    this.#requested = true;
  }

  /** Clears the request and hands over its waiters, to be settled by `settle`. */
  take(): readonly Waiter[] {
    this.#requested = false;
    const waiters = this.#waiters;
    this.#waiters = [];
    return waiters;
  }

  /** Rejects every waiter still queued (the engine was poisoned). */
  rejectAll(error: EngineError): void {
    settle(this.take(), error);
  }
}

/** Resolves `waiters`, or rejects them with `error`. */
export function settle(waiters: readonly Waiter[], error?: EngineError): void {
  for (const waiter of waiters) {
    if (error === undefined) waiter.resolve();
    else waiter.reject(error);
  }
}
