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

describe('examples/adapters/postgres-adapter.mjs', () => {
  it('fsync=on, synchronous_commit=on keeps every acknowledged commit through a power cut', async (context) => {
    if (skipReason !== undefined) return context.skip(skipReason);
    const result = await powerCutCheck(`${ADAPTER} --fsync on --synchronous-commit on`, { commits: 4 });
    expect(result.acknowledged).toEqual([1, 2, 3, 4]);
    expect(result.lost).toEqual([]);
    // Every process of the cluster wrote into the one trace: WAL segments under pg_wal among them.
    expect(result.records.some((record) => record.kind === 'create' && record.path.startsWith('pg_wal/'))).toBe(true);
  });

  it('synchronous_commit=off acknowledges commits that a power cut loses', async (context) => {
    if (skipReason !== undefined) return context.skip(skipReason);
    // The WAL writer flushes asynchronous commits every wal_writer_delay: 10 s keeps it out of this short run.
    const result = await powerCutCheck(`${ADAPTER} --fsync on --synchronous-commit off --wal-writer-delay 10000`, { commits: 4 });
    expect(result.acknowledged).toEqual([1, 2, 3, 4]);
    expect(result.lost).toEqual([1, 2, 3, 4]);
  });
});
