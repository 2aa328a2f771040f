/**
 * Streaming replication end to end in one process, over a real unix socket and
 * real files: synchronous acknowledgements wait for the replica's flush, a
 * replica catches up from the primary's retained WAL or its archive (or is told
 * which LSNs are gone), and promotion starts a new timeline that accepts
 * commits and survives a reopen. Nothing here depends on timing: every wait is
 * for a condition, bounded by vitest's timeout.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine, EngineOptions } from '../engine-types.js';
import { openEngine } from '../store/open-engine.js';
import { openReplica, type ReplicaEngine } from './replica-engine.js';
import { openReplicationSender } from './replication-sender.js';
import { decodeFlushLsnSlot, FLUSH_LSN_SLOT_FORMAT } from '../cdc/flush-lsn-slot.js';
import { formatLsn } from '../wal/lsn.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function scratch(): string {
  const directory = mkdtempSync(join(tmpdir(), 'unplug-repl-'));
  cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

async function primary(root: string, options: Partial<EngineOptions> & { synchronous?: boolean; ackOnSend?: boolean } = {}): Promise<{ engine: Engine; socketPath: string }> {
  const socketPath = join(root, 'p.sock');
  const sender = await openReplicationSender({ socketPath, synchronous: options.synchronous ?? false, ackOnSend: options.ackOnSend ?? false });
  const engine = openEngine({ directory: join(root, 'primary'), segmentSizeBytes: 4096, ...options, replication: sender });
  cleanups.push(() => engine.close().catch(() => undefined));
  return { engine, socketPath };
}

function replica(root: string, socketPath: string, name = 'replica'): ReplicaEngine {
  const engine = openReplica({ directory: join(root, name), segmentSizeBytes: 4096 }, socketPath);
  cleanups.push(() => engine.close().catch(() => undefined));
  return engine;
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('streaming replication', () => {
  it('synchronous mode acknowledges a commit only once the replica has it', async () => {
    const root = scratch();
    const { engine, socketPath } = await primary(root, { synchronous: true });
    const follower = replica(root, socketPath);
    const seenAtAck: boolean[] = [];
    await Promise.all(
      Array.from({ length: 64 }, (_, index) =>
        engine.commit(index, [[`k${index}`, `v${index}`]]).then(() => seenAtAck.push(follower.get(`k${index}`) === `v${index}`)),
      ),
    );
    expect(seenAtAck).toHaveLength(64);
    expect(seenAtAck.every(Boolean)).toBe(true);
    const status = engine.walStatus?.().replication;
    expect(status).toMatchObject({ role: 'primary', synchronous: true, replicaConnected: true, lagBytes: 0, commitsWaiting: 0 });
  });

  it('the ack-before-replica-flush defect acknowledges commits the replica does not have yet', async () => {
    const root = scratch();
    const { engine, socketPath } = await primary(root, { synchronous: true, ackOnSend: true });
    const follower = replica(root, socketPath);
    await until(() => engine.walStatus?.().replication?.role === 'primary' && (engine.walStatus().replication as { replicaConnected: boolean }).replicaConnected);
    const seenAtAck: boolean[] = [];
    await Promise.all(Array.from({ length: 16 }, (_, index) => engine.commit(index, [[`k${index}`, 'v']]).then(() => seenAtAck.push(follower.get(`k${index}`) === 'v'))));
    // The acks go out in the flush's own turn; the replica reads its socket in a later one.
    expect(seenAtAck.filter(Boolean)).toHaveLength(0);
  });

  it('a replica that starts late catches up from the retained WAL and refuses commits', async () => {
    const root = scratch();
    const { engine, socketPath } = await primary(root);
    for (let tx = 0; tx < 20; tx += 1) await engine.commit(tx, [[`k${tx % 7}`, `v${tx}`], [`d${tx}`, tx % 3 === 0 ? null : 'x']]);
    const follower = replica(root, socketPath);
    await until(() => follower.lsn() === engine.lsn());
    expect(follower.dump()).toEqual(engine.dump());
    await expect(follower.commit(99, [['a', 'b']])).rejects.toMatchObject({ code: 'READ_ONLY' });
    expect(follower.walStatus().replication).toMatchObject({ role: 'replica', connected: true, lagBytes: 0, lastError: null });
  });

  it('a replica behind the retained WAL is told which LSNs are gone, and catches up when the primary archives', async () => {
    const root = scratch();
    const { engine, socketPath } = await primary(root, { checkpointWalBytes: 4096 });
    const value = 'x'.repeat(900);
    for (let tx = 0; tx < 40; tx += 1) await engine.commit(tx, [[`k${tx % 5}`, value + tx]]);
    const behind = replica(root, socketPath);
    await until(() => String(behind.walStatus().replication?.lastError).includes('START_LSN_NOT_RETAINED'));
    expect(behind.walStatus().replication?.lastError).toMatch(/needs WAL from 0\/1030, but the primary retains WAL only from 0\/[0-9A-F]+ and does not archive/);
    await behind.close();
    await engine.close();

    const archived = scratch();
    const withArchive = await primary(archived, { checkpointWalBytes: 4096, archive: { destination: { kind: 'directory', directory: join(archived, 'archive') } } });
    for (let tx = 0; tx < 40; tx += 1) await withArchive.engine.commit(tx, [[`k${tx % 5}`, value + tx]]);
    await withArchive.engine.checkpoint();
    const follower = replica(archived, withArchive.socketPath);
    await until(() => follower.lsn() === withArchive.engine.lsn() || follower.walStatus().replication?.lastError != null);
    expect(follower.walStatus().replication?.lastError ?? null).toBeNull();
    expect(follower.dump()).toEqual(withArchive.engine.dump());
  });

  it('promotion starts a new timeline that accepts commits and survives a reopen', async () => {
    const root = scratch();
    const { engine, socketPath } = await primary(root, { synchronous: true });
    const follower = replica(root, socketPath);
    for (let tx = 0; tx < 10; tx += 1) await engine.commit(tx, [[`k${tx}`, `v${tx}`]]);
    await engine.close();
    const receipt = await follower.promote();
    expect(receipt).toEqual({ timeline: 2, lsn: engine.lsn() });
    await follower.commit(10, [['after', 'promotion']]);
    expect(follower.walStatus().timeline).toBe(2);
    await follower.close();
    const reopened = openEngine({ directory: join(root, 'replica'), segmentSizeBytes: 4096 });
    cleanups.push(() => reopened.close());
    expect(reopened.get('after')).toBe('promotion');
    expect(reopened.get('k9')).toBe('v9');
    expect(reopened.walStatus?.().timeline).toBe(2);
  });

  it('with a synchronous replica, change data capture publishes min(local durable, replica flushed)', async () => {
    const root = scratch();
    const { engine, socketPath } = await primary(root, { synchronous: true, publishFlushLsn: true });
    const published = (): string => {
      const slot = decodeFlushLsnSlot(readFileSync(join(root, 'primary', FLUSH_LSN_SLOT_FORMAT.fileName)));
      return typeof slot === 'string' ? slot : formatLsn(slot.flushLsn);
    };
    const first = replica(root, socketPath);
    await engine.commit(1, [['a', '1']]);
    await until(() => published() === engine.lsn());
    await first.close();
    const before = engine.lsn();
    // Durable here, not yet on a replica: the acknowledgement and the published LSN both wait.
    const pending = engine.commit(2, [['b', '2']]);
    await until(() => engine.lsn() !== before);
    expect(published()).toBe(before);
    const second = replica(root, socketPath);
    await pending;
    await until(() => published() === engine.lsn());
    expect(second.get('b')).toBe('2');
  });
});
