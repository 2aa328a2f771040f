/** An external Node engine that forgets to fsync, traced through the preload shim. */
import type { Scenario } from '../harness/core/scenario.js';

export const forgetfulEngine = {
  name: 'forgetful-engine',
  description: 'examples/forgetful-store.mjs, an unmodified Node program that acks before any fsync, traced by the preload shim: a power loss after an ack loses the commit.',
  mode: 'live',
  engine: { kind: 'command', command: 'node examples/forgetful-store.mjs' },
  models: ['power-loss', 'power-loss-prefix'],
  workload: { operationCount: 12, keyCount: 4, clients: 2, valueSizeBytesMax: 2000 },
  budget: { runs: 1, cyclesPerRun: 1 },
  expected: 'violation',
  expectedProperties: ['P1', 'A1'],
} as const satisfies Scenario;
