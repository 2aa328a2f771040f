/** EIO on a WAL fsync against the correct engine: the commit fails, nothing acknowledged is lost. */
import type { Scenario } from '../harness/core/scenario.js';
import { EXPLORE_WORKLOAD, SMALL_ENGINE, SURVIVABLE_MODELS } from './scenario-defaults.js';

export const eioFsync = {
  name: 'eio-fsync',
  description: 'The third WAL sync fails with EIO (Linux semantics: the dirty pages are dropped, a later sync succeeds). The correct engine fails those commits and refuses later ones; nothing acknowledged is lost.',
  mode: 'explore',
  engine: { kind: 'reference', options: SMALL_ENGINE },
  models: SURVIVABLE_MODELS,
  faults: [{ kind: 'eio-fsync', target: { pathPattern: '0*', operations: ['sync'], matchIndex: 2 } }],
  workload: EXPLORE_WORKLOAD,
  budget: { runs: 20 },
  expected: 'durable',
} as const satisfies Scenario;
