/** The reference engine with sync method open_datasync: durable under every survivable model. */
import type { Scenario } from '../harness/core/scenario.js';
import { EXPLORE_WORKLOAD, SMALL_ENGINE, SURVIVABLE_MODELS } from './scenario-defaults.js';

export const syncMethodOpenDatasync = {
  name: 'sync-method-open-datasync',
  description: 'Reference engine with sync method open_datasync, explored under every survivable model.',
  mode: 'explore',
  engine: { kind: 'reference', options: { ...SMALL_ENGINE, syncMethod: 'open_datasync' } },
  models: SURVIVABLE_MODELS,
  workload: EXPLORE_WORKLOAD,
  budget: { runs: 20 },
  expected: 'durable',
} as const satisfies Scenario;
