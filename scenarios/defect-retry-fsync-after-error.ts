/** Engine defect retry-fsync-after-error: the harness must catch it. */
import type { Scenario } from '../harness/core/scenario.js';
import { EXPLORE_WORKLOAD, SMALL_ENGINE } from './scenario-defaults.js';

export const defectRetryFsyncAfterError = {
  name: 'defect-retry-fsync-after-error',
  description: 'Reference engine with defect retry-fsync-after-error. Retries a failed WAL fsync (fsyncgate): the retry succeeds on pages Linux already dropped, and commits that are gone get acknowledged.',
  mode: 'explore',
  engine: { kind: 'reference', options: { ...SMALL_ENGINE, defects: ['retry-fsync-after-error'] } },
  models: ['power-loss'],
  faults: [{ kind: 'eio-fsync', target: { pathPattern: '0*', operations: ['sync'], matchIndex: 2 } }],
  workload: EXPLORE_WORKLOAD,
  budget: { runs: 30 },
  expected: 'violation',
  expectedProperties: ['P1', 'A1', 'P3'],
} as const satisfies Scenario;
