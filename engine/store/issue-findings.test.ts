/**
 * The findings that made the reference engine come up `ready` with acknowledged
 * commits gone, each as a regression test: damage is refused with CORRUPT (or
 * every acknowledged commit is back), never silently dropped.
 */
import { describe, expect, it } from 'vitest';
import type { Engine, EngineOptions } from '../engine-types.js';
import type { FileSystem } from '../fs/file-system.js';
import { MemFileSystem } from '../fs/mem-file-system.js';
import { openEngine } from './open-engine.js';

const SEGMENT_BYTES = 4096;

function open(fileSystem: FileSystem, extra: Partial<EngineOptions> = {}): Engine {
  return openEngine({ directory: '/db', fileSystem, segmentSizeBytes: SEGMENT_BYTES, checkpointWalBytes: 1024 * 1024 * 1024, ...extra });
}

function segmentPath(segmentNumber: number): string {
  return `/db/${'00000001'}${'00000000'}${segmentNumber.toString(16).toUpperCase().padStart(8, '0')}`;
}

/** Overwrites bytes of a file durably (a disk or an operator that changed synced data). */
function overwrite(fileSystem: FileSystem, path: string, offsetBytes: number, bytes: Uint8Array): void {
  const handle = fileSystem.open(path);
  handle.write(bytes, offsetBytes);
  handle.sync('fsync');
  handle.close();
}

function openError(fileSystem: FileSystem, extra: Partial<EngineOptions> = {}): unknown {
  try {
    open(fileSystem, extra);
  } catch (error) {
    return error;
  }
  return undefined;
}

/** 200 small acknowledged commits, one flush each, over about ten 4 KiB segments. */
async function manySmallCommits(fileSystem: FileSystem, extra: Partial<EngineOptions> = {}): Promise<Engine> {
  const engine = open(fileSystem, extra);
  for (let tx = 1; tx <= 200; tx += 1) await engine.commit(tx, [[`key-${tx}`, `value-${tx}`.padEnd(150, '.')]]);
  return engine;
}

describe('issue findings: damage is refused, not read as the end of the log', () => {
  it('a flipped byte inside a group flush spanning many segments, with later flushes after it, is CORRUPT', async () => {
    const fileSystem = new MemFileSystem();
    const engine = open(fileSystem);
    const value = 'v'.repeat(20_000);
    for (let group = 0; group < 4; group += 1) {
      await Promise.all(Array.from({ length: 10 }, (_unused, index) => engine.commit(group * 10 + index + 1, [[`key-${group * 10 + index}`, value]])));
    }
    expect(engine.stats().groupFlushes).toBe(4);
    const crashed = fileSystem.crashClone();
    // Segment 3 lies inside the first flush (about 50 segments long): old, synced data.
    overwrite(crashed, segmentPath(3), 1000, Uint8Array.of(0x5a));
    expect(openError(crashed)).toMatchObject({ code: 'CORRUPT', details: { segment: '000000010000000000000003' } });
  });

  for (const damage of ['deleted', 'zeroed', 'swapped'] as const) {
    it(`two ${damage} middle segments are CORRUPT`, async () => {
      const fileSystem = new MemFileSystem();
      await manySmallCommits(fileSystem);
      const crashed = fileSystem.crashClone();
      const [first, second] = [segmentPath(3), segmentPath(4)];
      switch (damage) {
        case 'deleted':
          crashed.remove(first);
          crashed.remove(second);
          break;
        case 'zeroed':
          overwrite(crashed, first, 0, new Uint8Array(SEGMENT_BYTES));
          overwrite(crashed, second, 0, new Uint8Array(SEGMENT_BYTES));
          break;
        case 'swapped':
          crashed.rename(first, '/db/swap');
          crashed.rename(second, first);
          crashed.rename('/db/swap', second);
          break;
        default:
          throw new Error(`unknown damage ${String(damage)}`);
      }
      crashed.syncDirectory('/db');
      const before = crashed.list('/db');
      expect(openError(crashed)).toMatchObject({ code: 'CORRUPT' });
      // Nothing was deleted or recycled while deciding.
      expect(crashed.list('/db')).toEqual(before);
    });
  }

  it('a deleted control file in a cleanly closed store is CORRUPT and the files stay', async () => {
    const fileSystem = new MemFileSystem();
    const engine = await manySmallCommits(fileSystem);
    await engine.checkpoint();
    await engine.commit(201, [['after', 'checkpoint']]);
    await engine.close();
    fileSystem.remove('/db/unplug.control');
    const before = fileSystem.list('/db');
    expect(openError(fileSystem)).toMatchObject({ code: 'CORRUPT', details: { segment: 'unplug.control' } });
    expect(fileSystem.list('/db')).toEqual(before);
  });

  it('reopening with another segment size before the first checkpoint is refused and changes nothing', async () => {
    const fileSystem = new MemFileSystem();
    const engine = await manySmallCommits(fileSystem);
    await engine.close();
    const before = fileSystem.list('/db').map((name) => [name, Buffer.from(fileSystem.readFile(`/db/${name}`)).toString('hex')]);
    expect(openError(fileSystem, { segmentSizeBytes: 8192 })).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/segment size 4096 bytes, not 8192: open it with the segment size it was created with \(unplug engine --segment-size 4k\)/) });
    expect(fileSystem.list('/db').map((name) => [name, Buffer.from(fileSystem.readFile(`/db/${name}`)).toString('hex')])).toEqual(before);
    expect(open(fileSystem).dump()).toHaveLength(200);
  });

  it('keys and values that are not well-formed UTF-16 are refused naming the field, and nothing merges', async () => {
    const fileSystem = new MemFileSystem();
    const engine = open(fileSystem);
    await expect(engine.commit(1, [['\ud800', 'x']])).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/writes\[0\]\[0\] \(the key\) is not well-formed UTF-16: lone surrogate U\+D800 at index 0/),
    });
    await expect(engine.commit(2, [['ok', 'x'], ['k', 'a\udfffb']])).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/writes\[1\]\[1\] \(the value\) .*U\+DFFF at index 1/),
    });
    // A proper pair is fine and round-trips.
    await engine.commit(3, [['emoji-😀', 'v-😀']]);
    await engine.close();
    expect(open(fileSystem).dump()).toEqual([['emoji-😀', 'v-😀']]);
  });
});

describe('accurate outcomes across restarts', () => {
  it('a clean close reopens as clean-shutdown, and recovers as after a crash once reopened', async () => {
    const fileSystem = new MemFileSystem();
    const engine = await manySmallCommits(fileSystem);
    await engine.close();
    const reopened = open(fileSystem);
    expect(reopened.recovery).toMatchObject({ outcome: 'clean-shutdown', commitsReplayed: 200, tornBytesTruncated: 0 });
    await reopened.commit(201, [['later', 'x']]);
    // The reopen cleared the mark: a crash now is recovered as a crash.
    expect(open(fileSystem.crashClone()).recovery.outcome).not.toBe('clean-shutdown');
  });

  it('recycled spare segments survive reopen and are used again', async () => {
    const fileSystem = new MemFileSystem();
    const engine = await manySmallCommits(fileSystem, { checkpointWalBytes: 4 * SEGMENT_BYTES });
    await engine.close();
    const segmentsBefore = fileSystem.list('/db').filter((name) => /^[0-9A-F]{24}$/.test(name));
    // A power loss after the close, then a reopen: the spares are still there.
    const crashed = fileSystem.crashClone();
    const reopened = open(crashed, { checkpointWalBytes: 4 * SEGMENT_BYTES });
    expect(segmentsBefore.length).toBeGreaterThan(2);
    expect(crashed.list('/db').filter((name) => /^[0-9A-F]{24}$/.test(name))).toEqual(segmentsBefore);
    // And they are recycled again: more commits reuse them instead of creating new files.
    for (let tx = 201; tx <= 260; tx += 1) await reopened.commit(tx, [[`key-${tx}`, 'x'.repeat(150)]]);
    await reopened.close();
    const segmentsAfter = crashed.list('/db').filter((name) => /^[0-9A-F]{24}$/.test(name));
    expect(segmentsAfter.length).toBeLessThanOrEqual(segmentsBefore.length + 1);
  });

  it('prepares the next segment ahead of need, not inside the flush that enters it', async () => {
    const fileSystem = new MemFileSystem();
    const engine = open(fileSystem);
    await engine.commit(1, [['k', 'v'.repeat(100)]]);
    await new Promise((resolve) => setImmediate(resolve));
    // Segment 1 is not half used yet: nothing to prepare.
    expect(fileSystem.exists(segmentPath(2))).toBe(false);
    await engine.commit(2, [['k', 'v'.repeat(2000)]]);
    // Not inside the flush that passed the half: in the engine's next turn.
    expect(fileSystem.exists(segmentPath(2))).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    expect(fileSystem.exists(segmentPath(2))).toBe(true);
    await engine.commit(3, [['k', 'v'.repeat(3000)]]);
    await engine.commit(4, [['k', 'v'.repeat(3000)]]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(fileSystem.exists(segmentPath(3))).toBe(true);
    await engine.close();
  });
});
