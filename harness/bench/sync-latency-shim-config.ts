/**
 * The shim configuration of the slow-disk benchmark: a fixed delay on every
 * sync (fsync, fdatasync and directory syncs), nothing recorded. The same
 * document drives the in-process decorator stack and, through the
 * `UNPLUG_SHIM` environment variable, a child `unplug engine`.
 */
import type { ShimConfig } from '../shim/shim-config.js';

/** The operation kinds the latency applies to (the shim's names). */
export const SLOW_DISK_OPERATIONS = Object.freeze(['sync', 'sync-directory']);

/** A shim config that delays every sync under `root` by `latencyMs`. */
export function syncLatencyShimConfig(root: string, latencyMs: number, seed: number): ShimConfig {
  return {
    root,
    seed,
    faults: [{ kind: 'latency', meanMs: latencyMs, distribution: 'fixed', capMs: latencyMs, target: { operations: SLOW_DISK_OPERATIONS } }],
  };
}
