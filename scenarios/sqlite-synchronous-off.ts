/** SQLite with synchronous=OFF, traced by the native shim: a power cut loses acknowledged commits. */
import type { Scenario } from '../harness/core/scenario.js';
import { NATIVE_ADAPTER_BUDGET, NATIVE_ADAPTER_WORKLOAD } from './native-adapter-defaults.js';

export const sqliteSynchronousOff = {
  name: 'sqlite-synchronous-off',
  description: 'examples/adapters/sqlite-adapter.mjs (journal_mode=WAL, synchronous=OFF) under the native LD_PRELOAD shim: SQLite never syncs, so a power cut after an ack loses the commit. Needs the sqlite3 shell and a C compiler.',
  mode: 'explore',
  engine: { kind: 'command', command: 'node examples/adapters/sqlite-adapter.mjs --journal-mode wal --synchronous off' },
  models: ['power-loss'],
  workload: NATIVE_ADAPTER_WORKLOAD,
  budget: NATIVE_ADAPTER_BUDGET,
  expected: 'violation',
  expectedProperties: ['P1', 'A1'],
} as const satisfies Scenario;
