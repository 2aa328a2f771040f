import { describe, expect, it } from 'vitest';
import { MemFileSystem } from '../../engine/fs/mem-file-system.js';
import { openEngine } from '../../engine/store/open-engine.js';
import { commitsPerSync } from './bench-figures.js';
import { runClosedLoop } from './closed-loop-driver.js';
import type { CommitTarget } from './commit-target.js';

/** The real reference engine on the in-memory file system, wrapped as a bench target. */
function memoryEngineTarget(): CommitTarget & { dump: () => readonly (readonly [string, string])[] } {
  const engine = openEngine({ directory: '/db', fileSystem: new MemFileSystem(), segmentSizeBytes: 64 * 1024 });
  return {
    label: 'reference engine on MemFileSystem',
    commit: async (tx, writes) => {
      await engine.commit(tx, writes);
    },
    syncCount: () => engine.stats().syncs,
    close: () => engine.close(),
    dump: () => engine.dump(),
  };
}

describe('runClosedLoop', () => {
  it('counts every measured commit once in the histogram, and one client gets one commit per sync', async () => {
    const target = memoryEngineTarget();
    const result = await runClosedLoop(target, { clients: 1, recordSizeBytes: 10, durationMs: 400, firstTx: 1 });
    await target.close();
    expect(result.commits).toBeGreaterThan(0);
    expect(result.histogram.count).toBe(result.commits);
    expect(result.nextTx).toBeGreaterThan(result.commits);
    // A single closed-loop client never has two commits pending, so no sync is shared.
    expect(commitsPerSync(result)).toBeLessThanOrEqual(1);
  });

  it('lets concurrent clients share syncs (group commit) and writes each client its own bounded key set', async () => {
    const target = memoryEngineTarget();
    const result = await runClosedLoop(target, { clients: 16, recordSizeBytes: 10, durationMs: 400, firstTx: 1 });
    const keys = target.dump().map(([key]) => key);
    await target.close();
    expect(commitsPerSync(result)).toBeGreaterThan(4);
    expect(keys.length).toBeLessThanOrEqual(16 * 4);
    expect(keys).toContain('c15-k0');
  });

  it('propagates a failing commit instead of counting it', async () => {
    const failing: CommitTarget = { label: 'always fails (test fake)', commit: () => Promise.reject(new Error('EIO')), syncCount: () => undefined, close: async () => {} };
    await expect(runClosedLoop(failing, { clients: 2, recordSizeBytes: 10, durationMs: 20, firstTx: 1 })).rejects.toThrow('EIO');
  });

  it('goes on past its window until a measured commit came back, when one sync outlasts the whole window', async () => {
    // Every commit takes 120 ms against a 20 ms window: without the overrun no commit is measured and the run reports nothing.
    const slow: CommitTarget = {
      label: 'commits slower than the window (test fake)',
      commit: () => new Promise((resolve) => setTimeout(resolve, 120)),
      syncCount: () => undefined,
      close: async () => {},
    };
    const result = await runClosedLoop(slow, { clients: 4, recordSizeBytes: 10, durationMs: 20, firstTx: 1 });
    expect(result.commits).toBeGreaterThan(0);
    expect(result.histogram.count).toBe(result.commits);
    expect(result.elapsedNs).toBeGreaterThan(0);
  });
});
