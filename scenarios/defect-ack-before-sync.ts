/** Engine defect ack-before-sync: the harness must catch it. */
import type { Scenario } from '../harness/core/scenario.js';
import { EXPLORE_WORKLOAD, SMALL_ENGINE } from './scenario-defaults.js';

export const defectAckBeforeSync = {
  name: 'defect-ack-before-sync',
  description: 'Reference engine with defect ack-before-sync. Acks a group before syncing it: the power-loss state just after the ack lacks the commit.',
  mode: 'explore',
  engine: { kind: 'reference', options: { ...SMALL_ENGINE, defects: ['ack-before-sync'] } },
  models: ['power-loss', 'power-loss-prefix'],
  workload: EXPLORE_WORKLOAD,
  budget: { runs: 30 },
  expected: 'violation',
  expectedProperties: ['A1', 'P1'],
} as const satisfies Scenario;
