/**
 * A power cut after every ack of any adapter (`--engine "node examples/adapters/<x>.mjs ..."`),
 * for engines whose setup is thousands of operations (PostgreSQL's initdb): setup is sampled
 * every 1000th boundary, every boundary right after an ack is checked.
 */
import type { Scenario } from '../harness/core/scenario.js';
import { NATIVE_ADAPTER_WORKLOAD } from './native-adapter-defaults.js';

export const adapterPowerLoss = {
  name: 'adapter-power-loss',
  description: 'Any protocol-v1 adapter under the native shim (default: SQLite WAL + FULL), a power cut right after every ack and at every 1000th boundary of setup: every acknowledged commit must survive. Meant for --engine with the adapters in examples/adapters.',
  mode: 'explore',
  engine: { kind: 'command', command: 'node examples/adapters/sqlite-adapter.mjs --journal-mode wal --synchronous full' },
  models: ['power-loss'],
  workload: NATIVE_ADAPTER_WORKLOAD,
  budget: { runs: 1, boundaryStride: 1000 },
  expected: 'durable',
} as const satisfies Scenario;
