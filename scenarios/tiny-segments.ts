/** 4 KiB segments: a segment switch every few commits, crashes during rotation. */
import type { Scenario } from '../harness/core/scenario.js';
import { SURVIVABLE_MODELS } from './scenario-defaults.js';

export const tinySegments = {
  name: 'tiny-segments',
  description: 'Reference engine with 4 KiB WAL segments, so segments are created, switched and recycled all the time; every boundary under every survivable model.',
  mode: 'explore',
  engine: { kind: 'reference', options: { segmentSizeBytes: 4096, checkpointWalBytes: 16 * 1024 } },
  models: SURVIVABLE_MODELS,
  workload: { operationCount: 16, keyCount: 5, clients: 2, valueSizeBytesMax: 1500 },
  budget: { runs: 20 },
  expected: 'durable',
} as const satisfies Scenario;
