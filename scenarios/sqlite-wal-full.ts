/** SQLite (the sqlite3 shell) in WAL mode with synchronous=FULL, traced by the native shim: durable under a power cut. */
import type { Scenario } from '../harness/core/scenario.js';
import { NATIVE_ADAPTER_BUDGET, NATIVE_ADAPTER_WORKLOAD } from './native-adapter-defaults.js';

export const sqliteWalFull = {
  name: 'sqlite-wal-full',
  description: 'examples/adapters/sqlite-adapter.mjs (journal_mode=WAL, synchronous=FULL) under the native LD_PRELOAD shim, a power cut after every ack: SQLite syncs the WAL before COMMIT returns, so every acknowledged commit survives. Needs the sqlite3 shell and a C compiler.',
  mode: 'explore',
  engine: { kind: 'command', command: 'node examples/adapters/sqlite-adapter.mjs --journal-mode wal --synchronous full' },
  models: ['power-loss'],
  workload: NATIVE_ADAPTER_WORKLOAD,
  budget: NATIVE_ADAPTER_BUDGET,
  expected: 'durable',
} as const satisfies Scenario;
