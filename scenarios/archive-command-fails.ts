/** The archive command fails for a while: the WAL alarm fires, commits go on, nothing is lost, archiving resumes. */
import type { Scenario } from '../harness/core/scenario.js';

export const archiveCommandFails = {
  name: 'archive-command-fails',
  description:
    'Reference engine on a real disk archiving through a real archive command that exits 1 for the first half of the workload: every commit is still acknowledged, the WAL-bloat alarm fires, archiving resumes with no hole and backup + archive + WAL hold every acknowledged commit (B3, B2).',
  mode: 'archive',
  archive: { check: 'outage' },
  engine: { kind: 'reference', options: { segmentSizeBytes: 4096, checkpointWalBytes: 8 * 1024 } },
  models: ['power-loss'],
  // Enough WAL in the first half (tens of 4 KiB segments) to pass the alarm's three-segment threshold on any seed.
  workload: { operationCount: 80, keyCount: 5, clients: 2, valueSizeBytesMax: 4000, checkpointFraction: 0.1 },
  budget: { runs: 1 },
  expected: 'durable',
} as const satisfies Scenario;
