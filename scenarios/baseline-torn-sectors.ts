/** Baseline: the reference engine explored at every operation boundary under torn-sectors. */
import type { Scenario } from '../harness/core/scenario.js';
import { EXPLORE_WORKLOAD, SMALL_ENGINE } from './scenario-defaults.js';

export const baselineTornSectors = {
  name: 'baseline-torn-sectors',
  description: 'Reference engine, every operation boundary of each traced run, a power cut that left each 512-byte sector of an unsynced write written, dropped or garbage: every acknowledged commit must survive.',
  mode: 'explore',
  engine: { kind: 'reference', options: SMALL_ENGINE },
  models: ['torn-sectors'],
  workload: EXPLORE_WORKLOAD,
  budget: { runs: 80 },
  expected: 'durable',
  baseline: true,
} as const satisfies Scenario;
