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

  it('appendfsync no: a power cut loses acknowledged commits', async (context) => {
    if (skipReason !== undefined) return context.skip(skipReason);
    const result = await powerCutCheck(`${ADAPTER} --appendfsync no`, { commits: 4 });
    expect(result.acknowledged).toEqual([1, 2, 3, 4]);
    expect(result.lost).toEqual([1, 2, 3, 4]);
  });
});
