/** Baseline: the reference engine explored at every operation boundary under power-loss-prefix. */
import type { Scenario } from '../harness/core/scenario.js';
import { EXPLORE_WORKLOAD, SMALL_ENGINE } from './scenario-defaults.js';

export const baselinePowerLossPrefix = {
  name: 'baseline-power-loss-prefix',
  description: 'Reference engine, every operation boundary of each traced run, a power cut that kept a seeded prefix of the unsynced bytes of each file: every acknowledged commit must survive.',
  mode: 'explore',
  engine: { kind: 'reference', options: SMALL_ENGINE },
  models: ['power-loss-prefix'],
  workload: EXPLORE_WORKLOAD,
  budget: { runs: 80 },
  expected: 'durable',
  baseline: true,
} as const satisfies Scenario;
