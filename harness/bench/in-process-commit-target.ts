/**
 * The reference engine opened in this process. This measures the engine and
 * its group commit without the protocol's pipe and JSON costs, and it can
 * count syncs (`engine.stats()`), which gives commits per sync exactly.
 */
import type { EngineStats, SyncMethod } from '../../engine/engine-types.js';
import { assertNever } from '../../engine/invariants.js';
import { NodeFileSystem } from '../../engine/fs/node-file-system.js';
import { openEngine } from '../../engine/store/open-engine.js';
import { composeShimFileSystem } from '../shim/compose-shim-file-system.js';
import type { CommitTarget } from './commit-target.js';
import { syncLatencyShimConfig } from './sync-latency-shim-config.js';

/** Options of `openInProcessTarget`. */
export interface InProcessTargetOptions {
  readonly directory: string;
  readonly syncMethod: SyncMethod;
  /** Injected latency of every sync, through the shim's latency decorator; none when 0 or absent. */
  readonly injectedSyncLatencyMs?: number;
  /** The seed of the shim (its fixed latency draws nothing, but every shim run is seeded). */
  readonly seed: number;
}

/**
 * What "a sync" is for each method: an fsync/fdatasync call; for O_DSYNC and
 * O_SYNC, where every write is synchronous and there are no sync calls on the
 * commit path, one group flush (one synchronous write); nothing for `off`.
 */
function syncEquivalents(syncMethod: SyncMethod, stats: EngineStats): number | undefined {
  switch (syncMethod) {
    case 'fdatasync':
    case 'fsync':
      return stats.syncs;
    case 'open_datasync':
    case 'open_sync':
      return stats.groupFlushes;
    case 'off':
      return undefined;
    default:
      return assertNever(syncMethod, 'sync method');
  }
}

/** Opens the reference engine in-process on the real disk. */
export function openInProcessTarget(options: InProcessTargetOptions): CommitTarget {
  const latencyMs = options.injectedSyncLatencyMs ?? 0;
  const shim = latencyMs > 0 ? composeShimFileSystem(new NodeFileSystem(), syncLatencyShimConfig(options.directory, latencyMs, options.seed)) : undefined;
  const engine = openEngine({ directory: options.directory, syncMethod: options.syncMethod, fileSystem: shim?.fileSystem ?? new NodeFileSystem() });
  let closed = false;
  return {
    label: `unplug ${options.syncMethod} (in-process${latencyMs > 0 ? `, +${latencyMs} ms per sync` : ''})`,
    // The engine's own promise, not an async wrapper: the driver runs in the measured process.
    commit: (tx, writes) => engine.commit(tx, writes),
    syncCount: () => syncEquivalents(options.syncMethod, engine.stats()),
    close: async () => {
      if (closed) return;
      closed = true;
      await engine.close();
      shim?.close();
    },
  };
}
