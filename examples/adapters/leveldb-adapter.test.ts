// The LevelDB adapter (classic-level, a native addon, so the native shim is
// chosen automatically): sync:false acknowledges batches a power cut loses;
// sync:true syncs the log before the batch returns; and under the strict
// POSIX directory model a power cut after creating a database leaves it
// unopenable (LevelDB renames CURRENT and removes the unsynced first MANIFEST
// without syncing the directory). Skipped when classic-level or a C compiler
// is missing.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { chooseShim } from '../../harness/native/choose-shim.js';
import { tryShimLibrary } from '../../harness/native/test-support/native-test-kit.js';
import { powerCutCheck } from './test-support/power-cut-check.js';

const { library, reason } = tryShimLibrary();
const installed = ((): boolean => {
  try {
    createRequire(import.meta.url).resolve('classic-level');
    return true;
  } catch {
    return false;
  }
})();
const skipReason = library === undefined ? reason : !installed ? 'classic-level is not installed (npm install classic-level)' : undefined;
const ADAPTER = 'node examples/adapters/leveldb-adapter.mjs';

describe('examples/adapters/leveldb-adapter.mjs', () => {
  it('is traced by the native shim: it loads a native addon', (context) => {
    if (skipReason !== undefined) return context.skip(skipReason);
    expect(chooseShim(['node', 'examples/adapters/leveldb-adapter.mjs'], true, 'auto', process.cwd())).toBe('native');
  });

  it('sync:false loses acknowledged batches in a power cut', async (context) => {
    if (skipReason !== undefined) return context.skip(skipReason);
    const result = await powerCutCheck(`${ADAPTER} --sync false --setup-dir-sync true`, { commits: 4 });
    expect(result.recoveryRefused).toBeUndefined();
    expect(result.acknowledged).toEqual([1, 2, 3, 4]);
    expect(result.lost).toEqual([1, 2, 3, 4]);
    // The writes were seen: LevelDB's log under the root.
    expect(result.records.some((record) => record.kind === 'write')).toBe(true);
  });

  it('sync:true keeps every acknowledged batch once the setup is durable', async (context) => {
    if (skipReason !== undefined) return context.skip(skipReason);
    const result = await powerCutCheck(`${ADAPTER} --sync true --setup-dir-sync true`, { commits: 4 });
    expect(result.recoveryRefused).toBeUndefined();
    expect(result.lost).toEqual([]);
  });

  it('strict directory model: a power cut after creating the database leaves CURRENT naming the unsynced first MANIFEST', async (context) => {
    if (skipReason !== undefined) return context.skip(skipReason);
    const result = await powerCutCheck(`${ADAPTER} --sync true`, { commits: 2 });
    expect(result.recoveryRefused).toMatch(/Corruption/);
    // The evidence in the trace: the last rename onto CURRENT and the removal of MANIFEST-000001 come after the
    // last directory sync, and MANIFEST-000001's contents were never synced.
    const lastDirectorySync = result.records.findLastIndex((record) => record.kind === 'sync-directory');
    const lastRenameToCurrent = result.records.findLastIndex((record) => record.kind === 'rename' && record.targetPath === 'CURRENT');
    expect(lastRenameToCurrent).toBeGreaterThan(lastDirectorySync);
    const firstManifest = result.records.find((record) => record.kind === 'create' && record.path === 'MANIFEST-000001');
    expect(firstManifest).toBeDefined();
    const manifestId = firstManifest?.kind === 'create' ? firstManifest.fileId : -1;
    expect(result.records.some((record) => record.kind === 'sync' && record.fileId === manifestId)).toBe(false);
  });

  it('ext4-ordered: the same power cut keeps every acknowledged batch (the log fdatasync commits the rename)', async (context) => {
    if (skipReason !== undefined) return context.skip(skipReason);
    const result = await powerCutCheck(`${ADAPTER} --sync true`, { commits: 2, metadata: 'ext4-ordered' });
    expect(result.recoveryRefused).toBeUndefined();
    expect(result.lost).toEqual([]);
  });

  it('sync:true syncs the log before each batch returns', async (context) => {
    if (skipReason !== undefined) return context.skip(skipReason);
    const result = await powerCutCheck(`${ADAPTER} --sync true`, { commits: 4, model: 'process-crash' });
    expect(result.lost).toEqual([]);
    const logIds = new Set(result.records.flatMap((record) => (record.kind === 'open' && record.path.endsWith('.log') && record.path !== 'LOG' ? [record.fileId] : [])));
    let unsynced = false;
    let acks = 0;
    for (const record of result.records) {
      if (record.kind === 'write' && logIds.has(record.fileId)) unsynced = true;
      if (record.kind === 'sync' && logIds.has(record.fileId)) unsynced = false;
      if (record.kind === 'output' && record.line.includes('"ack"')) {
        acks += 1;
        expect(unsynced).toBe(false);
      }
    }
    expect(acks).toBe(4);
  });
});
