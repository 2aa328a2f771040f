/** Engine defect recycle-before-archived: the harness must catch it. */
import type { Scenario } from '../harness/core/scenario.js';

export const defectRecycleBeforeArchived = {
  name: 'defect-recycle-before-archived',
  description: 'Reference engine with defect recycle-before-archived. Checkpoints recycle segments without waiting for their archive copies: the archive gets a hole and the restore loses acknowledged commits.',
  mode: 'archive',
  archive: { check: 'coverage' },
  engine: { kind: 'reference', options: { segmentSizeBytes: 4096, checkpointWalBytes: 8 * 1024, defects: ['recycle-before-archived'] } },
  models: ['power-loss', 'process-crash'],
  workload: { operationCount: 14, keyCount: 5, clients: 2, valueSizeBytesMax: 2500, checkpointFraction: 0.2 },
  budget: { runs: 3 },
  expected: 'violation',
  expectedProperties: ['B2'],
} as const satisfies Scenario;
