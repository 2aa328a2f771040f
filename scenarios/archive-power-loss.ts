/** WAL archiving under power loss at every operation: no segment leaves the disk before its archive copy is durable. */
import type { Scenario } from '../harness/core/scenario.js';

export const archivePowerLoss = {
  name: 'archive-power-loss',
  description:
    'Reference engine archiving every completed 4 KiB segment to a directory while checkpoints recycle old ones; the plug is pulled before every file-system operation. Backup + archive + WAL must always restore every acknowledged commit (B2).',
  mode: 'archive',
  archive: { check: 'coverage' },
  engine: { kind: 'reference', options: { segmentSizeBytes: 4096, checkpointWalBytes: 8 * 1024 } },
  models: ['power-loss', 'process-crash'],
  workload: { operationCount: 14, keyCount: 5, clients: 2, valueSizeBytesMax: 2500, checkpointFraction: 0.2 },
  budget: { runs: 3 },
  expected: 'durable',
} as const satisfies Scenario;
