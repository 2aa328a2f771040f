/**
 * Damage confined to the newest group flush of a crashed store, pinned as the
 * documented behaviour (README "what recovery can and cannot prove"; the
 * recovery table's comment).
 *
 * A flush is acknowledged only after its sync returned, but a crash during the
 * write or the sync of that same flush (before the ack) can leave any subset of
 * its sectors on disk: a record whose checksum fails, possibly with whole
 * records of the same flush after it. A flipped byte in the newest flush after
 * its sync produces bytes of that very shape, and nothing written after the sync
 * exists to say the sync had completed: the engine writes nothing between a
 * flush's sync and the next flush (a witness written there would need its own
 * sync to be worth anything, a second sync per flush). So recovery reads such a
 * state as a torn tail and drops the newest flush's commits, as PostgreSQL
 * would. As soon as any durable witness of the sync exists (a record of a later
 * flush, a segment header prepared after it, a clean close), the same damage is
 * CORRUPT.
 */
import { describe, expect, it } from 'vitest';
import type { Engine, EngineOptions } from '../engine-types.js';
import type { FileSystem } from '../fs/file-system.js';
import { MemFileSystem } from '../fs/mem-file-system.js';
import { parseLsn } from '../wal/lsn.js';
import { RECORD_FORMAT } from '../wal/record-format.js';
import { openEngine } from './open-engine.js';

const SEGMENT_BYTES = 64 * 1024;

function open(fileSystem: FileSystem, extra: Partial<EngineOptions> = {}): Engine {
  return openEngine({ directory: '/db', fileSystem, segmentSizeBytes: SEGMENT_BYTES, checkpointWalBytes: 1024 * 1024 * 1024, ...extra });
}

/** Flips one payload byte of the record at `lsnText`, durably (bitrot in synced data). */
function flipPayloadByte(fileSystem: FileSystem, lsnText: string): void {
  const lsn = parseLsn(lsnText);
  expect(lsn).toBeDefined();
  const segmentNumber = Math.floor((lsn ?? 0) / SEGMENT_BYTES);
  const path = `/db/00000001${'0'.repeat(8)}${segmentNumber.toString(16).toUpperCase().padStart(8, '0')}`;
  const offsetBytes = ((lsn ?? 0) % SEGMENT_BYTES) + RECORD_FORMAT.headerBytes + 3;
  const handle = fileSystem.open(path);
  const [old = 0] = handle.read(offsetBytes, 1);
  handle.write(Uint8Array.of(old ^ 0x40), offsetBytes);
  handle.sync('fsync');
  handle.close();
}

function openError(fileSystem: FileSystem): unknown {
  try {
    open(fileSystem);
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Five acknowledged commits, one flush each; returns the newest one's LSN. */
async function fiveFlushes(engine: Engine): Promise<string> {
  let lsn = '';
  for (let tx = 1; tx <= 5; tx += 1) lsn = (await engine.commit(tx, [[`key-${tx}`, `value-${tx}`]])).lsn;
  expect(engine.stats().groupFlushes).toBe(5);
  return lsn;
}

describe('damage confined to the newest flush of a crashed store', () => {
  it('reads as a torn tail: the newest flush is dropped, the earlier ones are back (the documented limit)', async () => {
    const fileSystem = new MemFileSystem();
    const newest = await fiveFlushes(open(fileSystem));
    const crashed = fileSystem.crashClone();
    flipPayloadByte(crashed, newest);
    const reopened = open(crashed);
    expect(reopened.recovery).toMatchObject({ outcome: 'torn-tail', commitsReplayed: 4 });
    expect(reopened.recovery.tornBytesTruncated).toBeGreaterThan(0);
    expect(reopened.dump().map(([key]) => key)).toEqual(['key-1', 'key-2', 'key-3', 'key-4']);
  });

  it('is CORRUPT once a later flush was written after it (its records carry where their flush began)', async () => {
    const fileSystem = new MemFileSystem();
    const engine = open(fileSystem);
    const damaged = await fiveFlushes(engine);
    await engine.commit(6, [['key-6', 'value-6']]);
    const crashed = fileSystem.crashClone();
    flipPayloadByte(crashed, damaged);
    expect(openError(crashed)).toMatchObject({ code: 'CORRUPT' });
  });

  it('is CORRUPT after a clean close (the control file records where the log ends)', async () => {
    const fileSystem = new MemFileSystem();
    const engine = open(fileSystem);
    const newest = await fiveFlushes(engine);
    await engine.close();
    flipPayloadByte(fileSystem, newest);
    expect(openError(fileSystem)).toMatchObject({ code: 'CORRUPT' });
  });

  it('is CORRUPT once the next segment was prepared after its sync (the header records the synced end)', async () => {
    const fileSystem = new MemFileSystem();
    const engine = open(fileSystem);
    // Past half of the first segment: the next one is prepared ahead, in its own turn, recording the synced end.
    const newest = (await engine.commit(1, [['big', 'v'.repeat(SEGMENT_BYTES / 2 + 100)]])).lsn;
    await new Promise((resolve) => setImmediate(resolve));
    const crashed = fileSystem.crashClone();
    expect(crashed.list('/db').filter((name) => /^[0-9A-F]{24}$/.test(name))).toHaveLength(2);
    flipPayloadByte(crashed, newest);
    expect(openError(crashed)).toMatchObject({ code: 'CORRUPT' });
  });
});
