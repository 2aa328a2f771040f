/** Engine defect recycle-before-checkpoint-sync: the harness must catch it. */
import type { Scenario } from '../harness/core/scenario.js';

export const defectRecycleBeforeCheckpointSync = {
  name: 'defect-recycle-before-checkpoint-sync',
  description: 'Reference engine with defect recycle-before-checkpoint-sync. Recycles old segments before the checkpoint is durable: a power cut in between loses the redo start.',
  mode: 'explore',
  engine: { kind: 'reference', options: { segmentSizeBytes: 4096, checkpointWalBytes: 8 * 1024, defects: ['recycle-before-checkpoint-sync'] } },
  models: ['power-loss', 'power-loss-prefix'],
  workload: { operationCount: 16, keyCount: 5, clients: 2, valueSizeBytesMax: 1500, checkpointFraction: 0.25 },
  budget: { runs: 30 },
  expected: 'violation',
  expectedProperties: ['P1', 'P4', 'A1'],
} as const satisfies Scenario;
