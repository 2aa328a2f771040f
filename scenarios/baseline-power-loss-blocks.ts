/** Baseline: the reference engine explored at every operation boundary under power-loss-blocks. */
import type { Scenario } from '../harness/core/scenario.js';
import { EXPLORE_WORKLOAD, SMALL_ENGINE } from './scenario-defaults.js';

export const baselinePowerLossBlocks = {
  name: 'baseline-power-loss-blocks',
  description: 'Reference engine, every operation boundary of each traced run, a power cut that kept each unsynced 4 KiB block with a seeded probability (holes read as zeros): every acknowledged commit must survive.',
  mode: 'explore',
  engine: { kind: 'reference', options: SMALL_ENGINE },
  models: ['power-loss-blocks'],
  workload: EXPLORE_WORKLOAD,
  budget: { runs: 80 },
  expected: 'durable',
  baseline: true,
} as const satisfies Scenario;
