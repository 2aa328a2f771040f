import { describe, expect, it } from 'vitest';
import { EngineError } from '../engine-types.js';
import type { EngineOptions } from '../engine-types.js';
import type { FileSystem } from '../fs/file-system.js';
import { MemFileSystem } from '../fs/mem-file-system.js';
import { TornWriteFileSystem } from '../test-support/torn-write-file-system.js';
import { parseLsn } from '../wal/lsn.js';
import { openEngine } from './open-engine.js';

const SEGMENT_BYTES = 4096;
const FIRST_SEGMENT = '/db/000000010000000000000001';

function open(fileSystem: FileSystem, extra: Partial<EngineOptions> = {}) {
  return openEngine({ directory: '/db', fileSystem, segmentSizeBytes: SEGMENT_BYTES, ...extra });
}

function lsnOf(text: string): number {
  const lsn = parseLsn(text);
  if (lsn === undefined) throw new Error(`bad LSN ${text}`);
  return lsn;
}

/** Overwrites bytes of a file durably (a disk that changed synced data). */
function damage(fileSystem: FileSystem, path: string, offsetBytes: number, bytes: Uint8Array): void {
  const handle = fileSystem.open(path);
  handle.write(bytes, offsetBytes);
  handle.sync('fsync');
  handle.close();
}

describe('recovery rows', () => {
  it('empty: a new directory opens empty and creates its first segment', async () => {
    const fileSystem = new MemFileSystem();
    const engine = open(fileSystem);
    expect(engine.recovery.outcome).toBe('empty');
    expect(engine.dump()).toEqual([]);
    expect(fileSystem.exists(FIRST_SEGMENT)).toBe(true);
    await engine.close();
  });

  it('zero-filled tail: the log ends in preallocated zeros', async () => {
    const fileSystem = new MemFileSystem();
    const engine = open(fileSystem);
    await engine.commit(1, [['a', '1']]);
    const reopened = open(fileSystem.crashClone());
    expect(reopened.recovery).toMatchObject({ outcome: 'zero-filled-tail', commitsReplayed: 1, tornBytesTruncated: 0 });
    expect(reopened.dump()).toEqual([['a', '1']]);
  });

  it('clean end: the log ends exactly where the next segment was never created', async () => {
    const fileSystem = new MemFileSystem();
    const engine = open(fileSystem);
    // 48-byte segment header + 48-byte record header + 4000-byte payload (4 + 8 + 1-byte key + 3987-byte value) fills segment 1 exactly.
    const receipt = await engine.commit(1, [['k', 'v'.repeat(3987)]]);
    expect(lsnOf(receipt.lsn)).toBe(SEGMENT_BYTES + 48);
    expect(engine.lsn()).toBe('0/2000');
    const crashed = fileSystem.crashClone();
    // The flush ended exactly at the segment's end: the next one was not needed yet.
    expect(crashed.exists('/db/000000010000000000000002')).toBe(false);
    const reopened = open(crashed);
    expect(reopened.recovery.outcome).toBe('clean-end');
    expect(reopened.get('k')).toHaveLength(3987);
  });

  it('stale recycled record: the log ends at a record from the segment\'s earlier life', async () => {
    const fileSystem = new MemFileSystem();
    const engine = open(fileSystem, { checkpointWalBytes: 1024 * 1024 });
    // 368-byte records (307-byte values) tile the 4048 bytes after every segment
    // header the same way (11 per segment), so the end of the log lands on a
    // whole stale record of a recycled segment.
    const value = (tx: number): string => `${tx}`.padEnd(307, '.');
    let tx = 0;
    for (; tx < 11 * 3; tx += 1) await engine.commit(tx, [['k', value(tx)]]);
    await engine.checkpoint();
    expect(fileSystem.list('/db')).toEqual(expect.arrayContaining(['000000010000000000000006', '000000010000000000000007']));
    for (; tx < 11 * 5 + 3; tx += 1) await engine.commit(tx, [['k', value(tx)]]);
    expect(engine.lsn()).toBe('0/6480');
    const reopened = open(fileSystem.crashClone());
    expect(reopened.recovery.outcome).toBe('stale-recycled-record');
    expect(reopened.get('k')).toBe(value(tx - 1));
  });

  it('torn tail: a cut write is dropped and zeroed on disk before any new append', async () => {
    const memory = new MemFileSystem();
    const tearing = new TornWriteFileSystem(memory, 1, 60);
    const engine = open(tearing);
    await engine.commit(1, [['a', 'first']]);
    await expect(engine.commit(2, [['b', 'torn'.repeat(30)]])).rejects.toMatchObject({ code: 'EIO' });
    const crashed = tearing.crashState();
    expect(crashed).toBeDefined();
    if (crashed === undefined) return;
    const tornOffset = lsnOf(engine.lsn()) - SEGMENT_BYTES;
    expect(crashed.readFile(FIRST_SEGMENT).subarray(tornOffset, tornOffset + 60).some((byte) => byte !== 0)).toBe(true);

    const reopened = open(crashed);
    expect(reopened.recovery.outcome).toBe('torn-tail');
    expect(reopened.recovery.tornBytesTruncated).toBeGreaterThan(0);
    expect(reopened.dump()).toEqual([['a', 'first']]);
    // The zeroing is durable already: a power loss right after open keeps it.
    expect(crashed.crashClone().readFile(FIRST_SEGMENT).subarray(tornOffset).every((byte) => byte === 0)).toBe(true);
    await reopened.commit(3, [['c', 'after']]);
    const again = open(crashed.crashClone());
    expect(again.dump()).toEqual([['a', 'first'], ['c', 'after']]);
  });

  it('torn tail: surviving later blocks of the same torn write are not corruption', async () => {
    const fileSystem = new MemFileSystem();
    const engine = open(fileSystem);
    await engine.commit(1, [['a', 'synced']]);
    const receipts = await Promise.all([engine.commit(2, [['b', 'x'.repeat(100)]]), engine.commit(3, [['c', 'y']])]);
    const crashed = fileSystem.crashClone();
    // As if the first block of that flush never reached the disk but a later one did.
    damage(crashed, FIRST_SEGMENT, lsnOf(receipts[0].lsn) - SEGMENT_BYTES, new Uint8Array(64));
    const reopened = open(crashed);
    expect(reopened.recovery.outcome).toBe('zero-filled-tail');
    expect(reopened.dump()).toEqual([['a', 'synced']]);
    expect(reopened.recovery.tornBytesTruncated).toBeGreaterThan(0);
  });

  for (const [what, bytes] of [['a flipped byte', Uint8Array.of(0xff)], ['zeroed bytes', new Uint8Array(48)]] as const) {
    it(`corruption followed by valid records (${what}) fails with CORRUPT naming segment and offset`, async () => {
      const fileSystem = new MemFileSystem();
      const engine = open(fileSystem);
      await engine.commit(1, [['a', '1']]);
      const middle = await engine.commit(2, [['b', '2']]);
      await engine.commit(3, [['c', '3']]);
      const crashed = fileSystem.crashClone();
      const offsetBytes = lsnOf(middle.lsn) - SEGMENT_BYTES;
      damage(crashed, FIRST_SEGMENT, offsetBytes + (bytes.length === 1 ? 20 : 0), bytes);
      let caught: unknown;
      try {
        open(crashed);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(EngineError);
      expect(caught).toMatchObject({ code: 'CORRUPT', details: { segment: '000000010000000000000001', offsetBytes } });
      expect((caught as Error).message).toContain(`000000010000000000000001 at offset ${offsetBytes}`);
    });
  }

  it('a missing segment followed by a segment of later flushes is corruption', async () => {
    const fileSystem = new MemFileSystem();
    const engine = open(fileSystem);
    await engine.commit(1, [['a', 'x'.repeat(3000)]]);
    await engine.commit(2, [['b', 'y'.repeat(3000)]]);
    await engine.commit(3, [['c', 'z'.repeat(3000)]]);
    const crashed = fileSystem.crashClone();
    crashed.remove('/db/000000010000000000000002');
    crashed.syncDirectory('/db');
    expect(() => open(crashed)).toThrow(expect.objectContaining({ code: 'CORRUPT', details: { segment: '000000010000000000000002', offsetBytes: 0 } }));
  });

  it('a damaged control file is reported, not ignored', async () => {
    const fileSystem = new MemFileSystem();
    const engine = open(fileSystem);
    await engine.commit(1, [['a', '1']]);
    await engine.checkpoint();
    const crashed = fileSystem.crashClone();
    damage(crashed, '/db/unplug.control', 20, Uint8Array.of(0x55));
    expect(() => open(crashed)).toThrow(expect.objectContaining({ code: 'CORRUPT', details: { segment: 'unplug.control', offsetBytes: 0 } }));
  });
});
