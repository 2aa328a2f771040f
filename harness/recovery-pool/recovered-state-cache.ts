/**
 * Recover each distinct crash state once. Most boundaries between two syncs
 * leave the same power-loss state, and every model leaves the same state where
 * nothing is unsynced, so explore asks this cache instead of the engine: a
 * state whose digest (`state-digest.ts`) was recovered before gets the same
 * recovery result, and a state being recovered right now (by another job of
 * the pool) shares that recovery. The oracle still checks each boundary's own
 * history against the shared result. One cache serves one trace: a cache
 * shared across runs would remember states fetched ahead of a stop, and the
 * counts of the next run would then depend on the job count.
 */
import type { CrashState } from '../crash-state/crash-state.js';
import { StateDigester } from '../crash-state/state-digest.js';
import type { RecoveryResult } from '../oracle/oracle-types.js';

/** Recovers one crash state (the engine's recoverer). */
export type StateRecoverer = (state: CrashState) => Promise<RecoveryResult>;

/** Distinct states whose recovery results are kept: the oldest is forgotten beyond it. */
export const RECOVERED_STATES_LIMIT = 4096;

/** A state's recovery: the promise of its result, and whether this state was the first with its contents. */
export interface CachedRecovery {
  readonly result: Promise<RecoveryResult>;
  /**
   * True when no equal state was looked up before. Lookups happen in boundary
   * order, so counting the first-seen states a run consumed gives the same
   * number whatever the job count (a result fetched ahead and then dropped
   * by a stop is not counted).
   */
  readonly firstSeen: boolean;
}

/** A recovery result cache keyed by state digest. */
export class RecoveredStateCache {
  private readonly digester = new StateDigester();
  private readonly results = new Map<string, Promise<RecoveryResult>>();

  constructor(
    private readonly recoverer: StateRecoverer,
    private readonly limit: number = RECOVERED_STATES_LIMIT,
  ) {}

  /** The recovery result of `state`: the engine's, or the one of an equal state recovered before. */
  recover(state: CrashState): CachedRecovery {
    const digest = this.digester.digest(state);
    const known = this.results.get(digest);
    if (known !== undefined) {
      // Re-inserting keeps recently used states from being forgotten first.
      this.results.delete(digest);
      this.results.set(digest, known);
      return { result: known, firstSeen: false };
    }
    const result = this.recoverer(state);
    this.results.set(digest, result);
    // A recovery that threw is not a result to share: the next equal state tries again.
    result.catch(() => this.results.get(digest) === result && this.results.delete(digest));
    if (this.results.size > this.limit) this.results.delete(this.results.keys().next().value as string);
    return { result, firstSeen: true };
  }
}
