/** Baseline: real SIGKILLs of the reference engine, chained crash/recover/continue cycles. */
import type { Scenario } from '../harness/core/scenario.js';
import { LIVE_WORKLOAD, SURVIVABLE_MODELS } from './scenario-defaults.js';

export const baselineLive = {
  name: 'baseline-live',
  description: 'Reference engine in a child process, SIGKILLed at a seeded operation, three chained crash cycles per run, every survivable model at each crash plus the power-loss state just after sampled acks.',
  mode: 'live',
  engine: { kind: 'reference', options: { segmentSizeBytes: 64 * 1024, checkpointWalBytes: 256 * 1024 } },
  models: SURVIVABLE_MODELS,
  workload: LIVE_WORKLOAD,
  budget: { runs: 4, cyclesPerRun: 3 },
  expected: 'durable',
  baseline: true,
} as const satisfies Scenario;
