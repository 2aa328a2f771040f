/** 64 concurrent clients: group commit under crash, many commits in flight at the kill. */
import type { Scenario } from '../harness/core/scenario.js';
import { SURVIVABLE_MODELS } from './scenario-defaults.js';

export const clients64 = {
  name: 'clients-64',
  description: 'Reference engine in a child process with 64 concurrent clients (group commit), SIGKILLed mid-flight: in-flight commits may go either way, acknowledged ones must survive, no holes.',
  mode: 'live',
  engine: { kind: 'reference', options: { segmentSizeBytes: 64 * 1024, checkpointWalBytes: 256 * 1024 } },
  models: SURVIVABLE_MODELS,
  workload: { operationCount: 192, keyCount: 32, clients: 64, valueSizeBytesMax: 512 },
  budget: { runs: 2, cyclesPerRun: 2 },
  expected: 'durable',
} as const satisfies Scenario;
