/** Point-in-time restore to random LSNs of a traced run: each restore equals the committed state at its target. */
import type { Scenario } from '../harness/core/scenario.js';

export const pitrRandomTarget = {
  name: 'pitr-random-target',
  description:
    'Reference engine archiving to a directory after a base backup; the store is restored to 20 random target LSNs per run (half exact commit LSNs), each onto a new timeline, and must hold exactly the committed state at its target (B1).',
  mode: 'archive',
  archive: { check: 'pitr', targets: 20 },
  engine: { kind: 'reference', options: { segmentSizeBytes: 4096, checkpointWalBytes: 12 * 1024 } },
  models: ['power-loss'],
  workload: { operationCount: 60, keyCount: 8, clients: 3, valueSizeBytesMax: 1500, checkpointFraction: 0.05 },
  budget: { runs: 2 },
  expected: 'durable',
} as const satisfies Scenario;
