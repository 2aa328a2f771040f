/**
 * Shared building blocks of the scenario catalogue: small segments and short
 * workloads keep one exploration to milliseconds, so a campaign checks
 * thousands of crash states per second.
 */
import type { ReferenceEngineOptions } from '../harness/engine-client/engine-launch.js';
import type { ScenarioWorkload } from '../harness/core/scenario.js';

/** Reference-engine options of most scenarios: 16 KiB segments, checkpoints every 64 KiB of WAL. */
export const SMALL_ENGINE = { segmentSizeBytes: 16 * 1024, checkpointWalBytes: 64 * 1024 } as const satisfies ReferenceEngineOptions;

/** A short, overwrite-heavy explore workload with a few concurrent clients. */
export const EXPLORE_WORKLOAD = {
  operationCount: 16,
  keyCount: 5,
  clients: 2,
  valueSizeBytesMax: 4096,
  checkpointFraction: 0.05,
} as const satisfies ScenarioWorkload;

/** A live-cycle workload: a little longer, more clients, values up to 64 KiB. */
export const LIVE_WORKLOAD = {
  operationCount: 24,
  keyCount: 8,
  clients: 4,
  valueSizeBytesMax: 64 * 1024,
  checkpointFraction: 0.05,
} as const satisfies ScenarioWorkload;

/** The crash-state models a correct engine must survive (every model but bitrot, whose promise is weaker). */
export const SURVIVABLE_MODELS = ['process-crash', 'power-loss', 'power-loss-prefix', 'power-loss-blocks', 'torn-sectors'] as const;
