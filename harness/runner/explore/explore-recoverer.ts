/**
 * The recoverer explore mode uses for a scenario's engine: in process for the
 * reference engine; for an engine outside unplug's process, long-lived
 * children that recover state after state through `reopen` when the engine
 * offers it (`reopen-recoverer.ts`), and one traced child reused for the
 * traced runs (`traced-child-pool.ts`); or a fresh child per state and per
 * traced run when it does not or `--no-reopen` asks for that.
 */
import { createRecoverer, type CrashStateRecoverer } from '../../core/recover-crash-state.js';
import type { EngineLaunch } from '../../engine-client/engine-launch.js';
import type { CrashState } from '../../crash-state/crash-state.js';
import type { RecoveryResult } from '../../oracle/oracle-types.js';
import { createReopenRecoverer } from '../../recovery-pool/reopen-recoverer.js';
import { TracedChildPool } from '../../core/traced-child-pool.js';

/** A recoverer with its check of violating states and its end. */
export interface ExploreRecoverer {
  readonly recover: CrashStateRecoverer;
  /** Checks a state that showed a violation the way a fresh start would see it (a no-op where every recovery is one). */
  readonly confirm: (state: CrashState, result: RecoveryResult) => Promise<void>;
  /** Ends the long-lived children, if any. */
  readonly close: () => Promise<void>;
  /** The reusable traced child of the traced runs, for an engine outside unplug's process (not with `--no-reopen`). */
  readonly pool?: TracedChildPool;
}

/** Options of `createExploreRecoverer`. */
export interface ExploreRecovererOptions {
  readonly jobs: number;
  readonly seed: number;
  /** False forces a fresh child per state (`--no-reopen`). @defaultValue true */
  readonly reopen?: boolean;
}

/** The recoverer for `launch` in explore mode. */
export function createExploreRecoverer(launch: EngineLaunch, options: ExploreRecovererOptions): ExploreRecoverer {
  if (launch.kind === 'command' && options.reopen !== false) {
    const recoverer = createReopenRecoverer(launch, { workers: options.jobs, seed: options.seed });
    const pool = new TracedChildPool(launch);
    return {
      recover: recoverer.recover,
      confirm: recoverer.confirm,
      pool,
      close: async () => {
        await Promise.all([recoverer.close(), pool.close()]);
      },
    };
  }
  return { recover: createRecoverer(launch), confirm: async () => undefined, close: async () => undefined };
}
