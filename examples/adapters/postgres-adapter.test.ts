// The PostgreSQL adapter under the native shim (13 or so processes, the
// postmaster running as the postgres user, all in one trace): a power cut at
// the end of the trace keeps every acknowledged commit with fsync=on and
// synchronous_commit=on, and loses acknowledged commits with
// synchronous_commit=off (COMMIT returns before the WAL is flushed). Small on
// purpose (one cluster per case): the search over every crash point is
// `unplug crash --engine "node examples/adapters/postgres-adapter.mjs ..."`.
// Skipped when PostgreSQL 15 or a C compiler is missing.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tryShimLibrary } from '../../harness/native/test-support/native-test-kit.js';
import { powerCutCheck } from './test-support/power-cut-check.js';

const { library, reason } = tryShimLibrary();
const installed = existsSync(`${process.env['PG_BIN'] ?? '/usr/lib/postgresql/15/bin'}/postgres`);
const skipReason = library === undefined ? reason : !installed ? 'PostgreSQL 15 is not installed (apt-get install postgresql-15)' : undefined;
const ADAPTER = 'node examples/adapters/postgres-adapter.mjs';

// A bound, not a measurement: initdb under the shim on a loaded machine can take a minute or two.
describe('examples/adapters/postgres-adapter.mjs', { timeout: 600_000 }, () => {
  // The ext4-ordered verdict for this trace is not asserted here: it came out durable when this file
  // ran alone (6 of 6) but lost both acknowledged commits, with no refusal, inside the full suite on
  // 2 cores in 2 of 5 runs (every retry of the second). Until that is explained it is a finding to
  // chase, not a test.
  it('fsync=on: under strict POSIX a CHECKPOINT leaves the table file\'s directory entry unsynced', async (context) => {
    if (skipReason !== undefined) return context.skip(skipReason);
    const result = await powerCutCheck(`${ADAPTER} --fsync on --synchronous-commit on`, { commits: 2, checkpointAfter: 1 });
    expect(result.acknowledged).toEqual([1, 2]);
    // Every process of the cluster wrote into the one trace: WAL segments under pg_wal among them.
    expect(result.records.some((record) => record.kind === 'create' && record.path.startsWith('pg_wal/'))).toBe(true);
    // Strict POSIX: PostgreSQL fsyncs the file it created for the table but never its directory (base/<db>/);
    // once a checkpoint moved the redo start past the creation, recovery cannot recreate it.
    expect(result.recoveryRefused).toBeDefined();
    const tableFile = result.records.find((record) => record.kind === 'create' && /^base\/\d+\/\d+$/.test(record.path) && record.path.endsWith('16384'));
    expect(tableFile).toBeDefined();
    const tableDirectory = tableFile?.kind === 'create' ? tableFile.path.slice(0, tableFile.path.lastIndexOf('/')) : '';
    const createdAt = result.records.indexOf(tableFile!);
    expect(result.records.slice(createdAt).some((record) => record.kind === 'sync-directory' && record.path === tableDirectory)).toBe(false);
  });

  it('synchronous_commit=off acknowledges commits that a power cut loses', async (context) => {
    if (skipReason !== undefined) return context.skip(skipReason);
    // The WAL writer flushes asynchronous commits every wal_writer_delay: 10 s keeps it out of this short run.
    const result = await powerCutCheck(`${ADAPTER} --fsync on --synchronous-commit off --wal-writer-delay 10000`, { commits: 4 });
    expect(result.acknowledged).toEqual([1, 2, 3, 4]);
    expect(result.lost).toEqual([1, 2, 3, 4]);
  });
});
