/** Frequent checkpoints and segment recycling, crashed at every step. */
import type { Scenario } from '../harness/core/scenario.js';
import { SURVIVABLE_MODELS } from './scenario-defaults.js';

export const checkpointRecycling = {
  name: 'checkpoint-recycling',
  description: 'Reference engine checkpointing often (explicit checkpoints and every 8 KiB of WAL), so the data file is rewritten and old segments recycled; crashes at every step of it.',
  mode: 'explore',
  engine: { kind: 'reference', options: { segmentSizeBytes: 4096, checkpointWalBytes: 8 * 1024 } },
  models: SURVIVABLE_MODELS,
  workload: { operationCount: 16, keyCount: 5, clients: 2, valueSizeBytesMax: 1500, checkpointFraction: 0.25 },
  budget: { runs: 20 },
  expected: 'durable',
} as const satisfies Scenario;
