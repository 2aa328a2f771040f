/** Engine defect archive-rename-without-dir-sync: the harness must catch it. */
import type { Scenario } from '../harness/core/scenario.js';

export const defectArchiveRenameWithoutDirSync = {
  name: 'defect-archive-rename-without-dir-sync',
  description:
    'Reference engine with defect archive-rename-without-dir-sync. The archiver renames each copy into place without syncing the archive directory, then lets the segment be recycled: a power cut takes the copy back.',
  mode: 'archive',
  archive: { check: 'coverage' },
  engine: { kind: 'reference', options: { segmentSizeBytes: 4096, checkpointWalBytes: 8 * 1024, defects: ['archive-rename-without-dir-sync'] } },
  models: ['power-loss'],
  workload: { operationCount: 14, keyCount: 5, clients: 2, valueSizeBytesMax: 2500, checkpointFraction: 0.2 },
  budget: { runs: 3 },
  expected: 'violation',
  expectedProperties: ['B2'],
} as const satisfies Scenario;
