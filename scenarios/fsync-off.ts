/** The misconfiguration: sync method off. Acks are sent for bytes only in the page cache. */
import type { Scenario } from '../harness/core/scenario.js';
import { LIVE_WORKLOAD } from './scenario-defaults.js';

export const fsyncOff = {
  name: 'fsync-off',
  description: 'Reference engine with fsync=off, SIGKILLed: a power loss after an ack loses the acknowledged commit (P1), and the ack was sent before the commit was durable (A1).',
  mode: 'live',
  engine: { kind: 'reference', options: { segmentSizeBytes: 64 * 1024, syncMethod: 'off' } },
  models: ['power-loss', 'power-loss-prefix'],
  workload: LIVE_WORKLOAD,
  budget: { runs: 1, cyclesPerRun: 1 },
  expected: 'violation',
  expectedProperties: ['P1', 'A1'],
} as const satisfies Scenario;
