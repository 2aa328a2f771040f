/** Baseline: bitrot of synced bytes; the engine must report corruption, never return wrong data. */
import type { Scenario } from '../harness/core/scenario.js';
import { EXPLORE_WORKLOAD, SMALL_ENGINE } from './scenario-defaults.js';

export const baselineBitrot = {
  name: 'baseline-bitrot',
  description: 'Reference engine, the power-loss state with one synced bit flipped: recovery either returns only values commits wrote, or fails with a CORRUPT error naming the place.',
  mode: 'explore',
  engine: { kind: 'reference', options: SMALL_ENGINE },
  models: ['bitrot'],
  workload: EXPLORE_WORKLOAD,
  budget: { runs: 40 },
  expected: 'durable',
  baseline: true,
} as const satisfies Scenario;
