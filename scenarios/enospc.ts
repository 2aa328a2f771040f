/** ENOSPC on writes: commits fail cleanly, nothing acknowledged is lost. */
import type { Scenario } from '../harness/core/scenario.js';
import { EXPLORE_WORKLOAD, SMALL_ENGINE, SURVIVABLE_MODELS } from './scenario-defaults.js';

export const enospc = {
  name: 'enospc',
  description: 'Writes fail with ENOSPC (each with a seeded 10% chance): the engine fails the commits it cannot make durable; every acknowledged commit survives every crash.',
  mode: 'explore',
  engine: { kind: 'reference', options: SMALL_ENGINE },
  models: SURVIVABLE_MODELS,
  faults: [{ kind: 'enospc', target: { operations: ['write'], probability: 0.1 } }],
  workload: EXPLORE_WORKLOAD,
  budget: { runs: 20 },
  expected: 'durable',
} as const satisfies Scenario;
