/** Engine defect skip-dir-sync: the harness must catch it. */
import type { Scenario } from '../harness/core/scenario.js';

export const defectSkipDirSync = {
  name: 'defect-skip-dir-sync',
  description: 'Reference engine with defect skip-dir-sync. Never syncs a directory: the directory entry of a new segment or checkpoint file is lost in a power cut, with acknowledged commits in it.',
  mode: 'explore',
  engine: { kind: 'reference', options: { segmentSizeBytes: 4096, checkpointWalBytes: 16 * 1024, defects: ['skip-dir-sync'] } },
  models: ['power-loss'],
  workload: { operationCount: 16, keyCount: 5, clients: 2, valueSizeBytesMax: 1500, checkpointFraction: 0.1 },
  budget: { runs: 30 },
  expected: 'violation',
  expectedProperties: ['P1', 'A1', 'P4'],
} as const satisfies Scenario;
