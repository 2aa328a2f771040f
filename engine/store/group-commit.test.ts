import { describe, expect, it } from 'vitest';
import { EngineError } from '../engine-types.js';
import type { SyncMethod } from '../engine-types.js';
import { CountingFileSystem } from '../fs/counting-file-system.js';
import { MemFileSystem } from '../fs/mem-file-system.js';
import { SyncFailureFileSystem } from '../test-support/sync-failure-file-system.js';
import { checkRecoveredPrefix } from '../test-support/prefix-checker.js';
import { openEngine } from './open-engine.js';

/** Lets the engine prepare its next segment ahead, which it does in its own turn right after open. */
async function preparedAhead(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

describe('group commit', () => {
  it('acknowledges 100 concurrent commits with far fewer syncs', async () => {
    const counting = new CountingFileSystem(new MemFileSystem());
    const engine = openEngine({ directory: '/db', fileSystem: counting, segmentSizeBytes: 64 * 1024 });
    await preparedAhead();
    counting.reset();
    const receipts = await Promise.all(Array.from({ length: 100 }, (_, tx) => engine.commit(tx, [[`k${tx}`, `v${tx}`]])));
    expect(receipts.map((receipt) => receipt.tx)).toEqual(Array.from({ length: 100 }, (_, tx) => tx));
    expect(new Set(receipts.map((receipt) => receipt.lsn)).size).toBe(100);
    expect(counting.counts().sync).toBeLessThanOrEqual(2);
    expect(counting.counts().write).toBeLessThanOrEqual(2);
    expect(engine.stats()).toMatchObject({ commitsAcknowledged: 100, groupFlushes: 1 });
    expect(engine.dump()).toHaveLength(100);
    await engine.close();
  });

  it('never acknowledges a commit before the sync that covers it', async () => {
    const memory = new MemFileSystem();
    const engine = openEngine({ directory: '/db', fileSystem: memory, segmentSizeBytes: 4096 });
    const durableAtAck: boolean[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, tx) =>
        engine.commit(tx, [[`k${tx}`, 'x'.repeat(700)]]).then(() => {
          durableAtAck.push(openEngine({ directory: '/db', fileSystem: memory.crashClone(), segmentSizeBytes: 4096 }).get(`k${tx}`) !== undefined);
        }),
      ),
    );
    expect(durableAtAck).toEqual(Array.from({ length: 20 }, () => true));
  });

  it('issues the syncs each sync method calls for', async () => {
    const walSyncs = async (syncMethod: SyncMethod): Promise<number> => {
      const counting = new CountingFileSystem(new MemFileSystem());
      const engine = openEngine({ directory: '/db', fileSystem: counting, segmentSizeBytes: 4096, syncMethod });
      await preparedAhead();
      counting.reset();
      for (let tx = 0; tx < 5; tx += 1) await engine.commit(tx, [['k', 'v']]);
      return counting.counts().sync + counting.counts().syncDirectory;
    };
    expect(await walSyncs('fdatasync')).toBe(5);
    expect(await walSyncs('fsync')).toBe(5);
    expect(await walSyncs('open_datasync')).toBe(0);
    expect(await walSyncs('open_sync')).toBe(0);
    expect(await walSyncs('off')).toBe(0);
  });

  it('refuses bad input with BAD_REQUEST naming the field', async () => {
    const engine = openEngine({ directory: '/db', fileSystem: new MemFileSystem(), segmentSizeBytes: 4096 });
    await expect(engine.commit(-1, [])).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/tx/) });
    await expect(engine.commit(1, [['k'.repeat(2000), 'v']])).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/writes\[0\]\[0\] \(the key\) has 2000 bytes/) });
    await expect(engine.commit(1, [['k', 5 as unknown as string]])).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/writes\[0\]\[1\] \(the value\) must be a string/) });
    expect(() => openEngine({ directory: '/db', fileSystem: new MemFileSystem(), segmentSizeBytes: 5000 })).toThrow(/power of two/);
    await engine.close();
    await expect(engine.commit(1, [['k', 'v']])).rejects.toMatchObject({ code: 'CLOSED' });
  });
});

describe('a failed sync poisons the engine', () => {
  it('rejects the failed batch with injected EIO, later commits with POISONED, and acknowledges nothing unsynced', async () => {
    const memory = new MemFileSystem();
    const failing = new SyncFailureFileSystem(memory, 1);
    const engine = openEngine({ directory: '/db', fileSystem: failing, segmentSizeBytes: 4096 });
    await engine.commit(1, [['a', '1']]);
    const failed = await Promise.allSettled([engine.commit(2, [['b', '2']]), engine.commit(3, [['c', '3']])]);
    expect(failing.hasFailed()).toBe(true);
    for (const result of failed) {
      expect(result.status).toBe('rejected');
      if (result.status === 'rejected') {
        expect(result.reason).toBeInstanceOf(EngineError);
        expect(result.reason).toMatchObject({ code: 'EIO', details: { injected: true } });
      }
    }
    await expect(engine.commit(4, [['d', '4']])).rejects.toMatchObject({ code: 'POISONED' });
    await expect(engine.checkpoint()).rejects.toMatchObject({ code: 'POISONED' });
    expect(engine.get('b')).toBeUndefined();
    const recovered = openEngine({ directory: '/db', fileSystem: memory.crashClone(), segmentSizeBytes: 4096 }).dump();
    expect(recovered).toEqual([['a', '1']]);
  });

  it('with retry-fsync-after-error, acknowledges a commit whose data the failed sync lost (caught by the oracle)', async () => {
    const memory = new MemFileSystem();
    const failing = new SyncFailureFileSystem(memory, 1);
    const engine = openEngine({ directory: '/db', fileSystem: failing, segmentSizeBytes: 4096, defects: ['retry-fsync-after-error'] });
    const issued = [
      { tx: 1, writes: [['a', '1']] as const },
      { tx: 2, writes: [['b', '2']] as const },
    ];
    const acknowledged = new Set<number>();
    for (const commit of issued) {
      await engine.commit(commit.tx, commit.writes);
      acknowledged.add(commit.tx);
    }
    expect(failing.hasFailed()).toBe(true);
    const recovered = openEngine({ directory: '/db', fileSystem: memory.crashClone(), segmentSizeBytes: 4096 }).dump();
    const verdict = checkRecoveredPrefix(issued, acknowledged, recovered);
    expect(verdict.kind).toBe('violation');
    // The same check passes on the engine without the defect, which refuses to acknowledge.
    expect(checkRecoveredPrefix(issued, new Set([1]), recovered).kind).toBe('ok');
  });
});
