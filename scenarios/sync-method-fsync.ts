/** The reference engine with sync method fsync: durable under every survivable model. */
import type { Scenario } from '../harness/core/scenario.js';
import { EXPLORE_WORKLOAD, SMALL_ENGINE, SURVIVABLE_MODELS } from './scenario-defaults.js';

export const syncMethodFsync = {
  name: 'sync-method-fsync',
  description: 'Reference engine with sync method fsync, explored under every survivable model.',
  mode: 'explore',
  engine: { kind: 'reference', options: { ...SMALL_ENGINE, syncMethod: 'fsync' } },
  models: SURVIVABLE_MODELS,
  workload: EXPLORE_WORKLOAD,
  budget: { runs: 20 },
  expected: 'durable',
} as const satisfies Scenario;
