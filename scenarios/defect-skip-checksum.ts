/** Engine defect skip-checksum: the harness must catch it. */
import type { Scenario } from '../harness/core/scenario.js';
import { EXPLORE_WORKLOAD, SMALL_ENGINE } from './scenario-defaults.js';

export const defectSkipChecksum = {
  name: 'defect-skip-checksum',
  description: 'Reference engine with defect skip-checksum. Replays records without checking their checksum: a torn or garbage tail is returned as data.',
  mode: 'explore',
  engine: { kind: 'reference', options: { ...SMALL_ENGINE, defects: ['skip-checksum'] } },
  models: ['torn-sectors', 'power-loss-prefix', 'power-loss-blocks'],
  workload: EXPLORE_WORKLOAD,
  budget: { runs: 30 },
  expected: 'violation',
  expectedProperties: ['P4', 'P2'],
} as const satisfies Scenario;
