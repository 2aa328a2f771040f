// The SQLite adapter under the native shim (chosen automatically: the adapter
// is a Node program that starts the sqlite3 shell). A power cut at the end of
// the trace keeps every acknowledged commit with WAL + synchronous=FULL and
// loses them with synchronous=OFF, which never syncs. Skipped when the sqlite3
// shell or a C compiler is missing.
import { describe, expect, it } from 'vitest';
import { findExecutable } from '../../harness/native/choose-shim.js';
import { tryShimLibrary } from '../../harness/native/test-support/native-test-kit.js';
import { powerCutCheck } from './test-support/power-cut-check.js';

const { library, reason } = tryShimLibrary();
const sqlite3 = findExecutable('sqlite3', process.cwd());
const skipReason = library === undefined ? reason : sqlite3 === undefined ? 'sqlite3 is not installed (apt-get install sqlite3)' : undefined;
const ADAPTER = 'node examples/adapters/sqlite-adapter.mjs';

describe('examples/adapters/sqlite-adapter.mjs', () => {
  it('WAL + synchronous=FULL keeps every acknowledged commit through a power cut', async (context) => {
    if (skipReason !== undefined) return context.skip(skipReason);
    const result = await powerCutCheck(`${ADAPTER} --journal-mode wal --synchronous full`, { commits: 5 });
    expect(result.acknowledged).toEqual([1, 2, 3, 4, 5]);
    expect(result.lost).toEqual([]);
    // The trace saw the shell's syncs of the WAL and the protocol acks of the adapter.
    expect(result.records.filter((record) => record.kind === 'sync').length).toBeGreaterThanOrEqual(5);
    expect(result.records.filter((record) => record.kind === 'output' && record.line.includes('"ack"'))).toHaveLength(5);
  });

  it('synchronous=OFF loses acknowledged commits in a power cut (it never syncs)', async (context) => {
    if (skipReason !== undefined) return context.skip(skipReason);
    const result = await powerCutCheck(`${ADAPTER} --journal-mode wal --synchronous off`, { commits: 5 });
    expect(result.acknowledged).toEqual([1, 2, 3, 4, 5]);
    expect(result.lost).toEqual([1, 2, 3, 4, 5]);
    // Setting journal_mode=WAL syncs once at start (before synchronous=OFF applies); no commit syncs.
    const firstAck = result.records.findIndex((record) => record.kind === 'output' && record.line.includes('"ack"'));
    expect(firstAck).toBeGreaterThan(0);
    expect(result.records.slice(firstAck).some((record) => record.kind === 'sync')).toBe(false);
  });

  it('a process crash alone (no power cut) loses nothing even with synchronous=OFF', async (context) => {
    if (skipReason !== undefined) return context.skip(skipReason);
    const result = await powerCutCheck(`${ADAPTER} --synchronous off`, { commits: 3, model: 'process-crash' });
    expect(result.lost).toEqual([]);
  });
});
