// The Redis adapter under the native shim: what a power cut at the end of the
// trace does to acknowledged commits with appendfsync always (synced before
// each reply) and no (never synced by Redis). Skipped when redis-server or a
// C compiler is missing. The full search, under every crash point and model:
// `unplug crash --engine "node examples/adapters/redis-adapter.mjs --appendfsync ..."`.
import { describe, expect, it } from 'vitest';
import { findExecutable } from '../../harness/native/choose-shim.js';
import { tryShimLibrary } from '../../harness/native/test-support/native-test-kit.js';
import { powerCutCheck } from './test-support/power-cut-check.js';

const { library, reason } = tryShimLibrary();
const redis = findExecutable('redis-server', process.cwd());
const skipReason = library === undefined ? reason : redis === undefined ? 'redis-server is not installed (apt-get install redis-server)' : undefined;
const ADAPTER = 'node examples/adapters/redis-adapter.mjs';

describe('examples/adapters/redis-adapter.mjs', () => {
  it('appendfsync always: the AOF is synced before each reply', async (context) => {
    if (skipReason !== undefined) return context.skip(skipReason);
    const result = await powerCutCheck(`${ADAPTER} --appendfsync always`, { commits: 4, model: 'process-crash' });
    expect(result.lost).toEqual([]);
    // Every ack follows a sync of the incremental AOF.
    const incrementalIds = new Set(result.records.flatMap((record) => (record.kind === 'open' && record.path.endsWith('.incr.aof') ? [record.fileId] : [])));
    expect(incrementalIds.size).toBeGreaterThan(0);
    let unsynced = false;
    for (const record of result.records) {
      if (record.kind === 'write' && incrementalIds.has(record.fileId)) unsynced = true;
      if (record.kind === 'sync' && incrementalIds.has(record.fileId)) unsynced = false;
      if (record.kind === 'output' && record.line.includes('"ack"')) expect(unsynced).toBe(false);
    }
  });

  it('appendfsync always, strict directory model: a power cut loses every commit (the data directory is never synced after mkdir appendonlydir)', async (context) => {
    if (skipReason !== undefined) return context.skip(skipReason);
    const result = await powerCutCheck(`${ADAPTER} --appendfsync always`, { commits: 3 });
    expect(result.recoveryRefused).toBeUndefined();
    expect(result.lost).toEqual([1, 2, 3]);
    // The rule that lost them: Redis syncs its files and appendonlydir/ itself, but never the data directory
    // that holds the entry of appendonlydir/, which it created at start.
    expect(result.records.some((record) => record.kind === 'mkdir' && record.path === 'appendonlydir')).toBe(true);
    expect(result.records.filter((record) => record.kind === 'sync-directory').map((record) => (record.kind === 'sync-directory' ? record.path : ''))).toEqual(['appendonlydir']);
  });

  it('appendfsync always, ext4-ordered: the same power cut keeps every commit (its fsyncs commit the journal)', async (context) => {
    if (skipReason !== undefined) return context.skip(skipReason);
    const result = await powerCutCheck(`${ADAPTER} --appendfsync always`, { commits: 3, metadata: 'ext4-ordered' });
    expect(result.lost).toEqual([]);
  });

  it('appendfsync no: a power cut loses acknowledged commits', async (context) => {
    if (skipReason !== undefined) return context.skip(skipReason);
    const result = await powerCutCheck(`${ADAPTER} --appendfsync no`, { commits: 4 });
    expect(result.acknowledged).toEqual([1, 2, 3, 4]);
    expect(result.lost).toEqual([1, 2, 3, 4]);
  });
});
