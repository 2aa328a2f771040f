/** Baseline: the reference engine explored at every operation boundary under process-crash. */
import type { Scenario } from '../harness/core/scenario.js';
import { EXPLORE_WORKLOAD, SMALL_ENGINE } from './scenario-defaults.js';

export const baselineProcessCrash = {
  name: 'baseline-process-crash',
  description: 'Reference engine, every operation boundary of each traced run, SIGKILL only: everything written survives (the OS stayed up): every acknowledged commit must survive.',
  mode: 'explore',
  engine: { kind: 'reference', options: SMALL_ENGINE },
  models: ['process-crash'],
  workload: EXPLORE_WORKLOAD,
  budget: { runs: 80 },
  expected: 'durable',
  baseline: true,
} as const satisfies Scenario;
