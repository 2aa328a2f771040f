/** Baseline: the reference engine explored at every operation boundary under power-loss. */
import type { Scenario } from '../harness/core/scenario.js';
import { EXPLORE_WORKLOAD, SMALL_ENGINE } from './scenario-defaults.js';

export const baselinePowerLoss = {
  name: 'baseline-power-loss',
  description: 'Reference engine, every operation boundary of each traced run, a power cut: only synced data and synced directory entries survive: every acknowledged commit must survive.',
  mode: 'explore',
  engine: { kind: 'reference', options: SMALL_ENGINE },
  models: ['power-loss'],
  workload: EXPLORE_WORKLOAD,
  budget: { runs: 80 },
  expected: 'durable',
  baseline: true,
} as const satisfies Scenario;
