import { describe, expect, it } from 'vitest';
import { BLOCK_SIZE_BYTES, CRASH_MODELS, SECTOR_SIZE_BYTES } from './crash-models.js';
import { formatPersistenceMask, parsePersistenceMask } from './persistence-mask-format.js';
import { builderAfter, comparableState, filesAsText, stateAfter } from './test-support/build-at-end.js';
import { TraceScript } from './test-support/trace-script.js';

const SEEDS = Array.from({ length: 40 }, (_, index) => index * 7919 + 3);

function filled(lengthBytes: number, byte: number): Uint8Array {
  return new Uint8Array(lengthBytes).fill(byte);
}

describe('power-loss-prefix', () => {
  it('keeps a prefix of each file\'s unsynced bytes, and different seeds keep different prefixes', () => {
    const script = new TraceScript().create('wal').write('wal', 0, 'SYNCED|').sync('wal').syncDirectory();
    script.write('wal', 7, 'abcdefgh').write('wal', 15, 'ijklmnop');
    const lengths = new Set<number>();
    for (const seed of SEEDS) {
      const wal = filesAsText(stateAfter(script.records, 'power-loss-prefix', seed)).wal ?? '';
      expect('SYNCED|abcdefghijklmnop'.startsWith(wal)).toBe(true);
      expect(wal.startsWith('SYNCED|')).toBe(true);
      lengths.add(wal.length);
    }
    expect(lengths.size).toBeGreaterThan(5);
  });

  it('keeps a prefix of the unsynced directory operations, in trace order', () => {
    const script = new TraceScript().create('a').create('b').create('c').create('d');
    const seen = new Set<string>();
    for (const seed of SEEDS) {
      const names = [...stateAfter(script.records, 'power-loss-prefix', seed).files.keys()].join('');
      expect('abcd'.startsWith(names)).toBe(true);
      seen.add(names);
    }
    expect(seen.size).toBeGreaterThan(2);
  });
});

describe('power-loss-blocks', () => {
  it('reads a dropped block past the durable end as zeros (a hole)', () => {
    const script = new TraceScript().create('f').sync('f').syncDirectory();
    script.write('f', 0, filled(BLOCK_SIZE_BYTES, 0x41)).write('f', 2 * BLOCK_SIZE_BYTES, filled(10, 0x43));
    const state = stateAfter(script.records, 'power-loss-blocks', 1, { kind: 'blocks', directoryOperations: [], unitsPerFile: [[false, true]] });
    const bytes = state.files.get('f');
    expect(bytes?.byteLength).toBe(2 * BLOCK_SIZE_BYTES + 10);
    expect(bytes?.subarray(0, 2 * BLOCK_SIZE_BYTES).every((byte) => byte === 0)).toBe(true);
    expect(bytes?.subarray(2 * BLOCK_SIZE_BYTES).every((byte) => byte === 0x43)).toBe(true);
  });

  it('keeps each block whole or not at all, and each directory entry independently', () => {
    const script = new TraceScript().create('f').write('f', 0, filled(4 * BLOCK_SIZE_BYTES, 0x7a)).sync('f').syncDirectory();
    script.write('f', 100, filled(3 * BLOCK_SIZE_BYTES, 0x01)).create('x').create('y');
    const keptBlockCounts = new Set<number>();
    const entrySets = new Set<string>();
    for (const seed of SEEDS) {
      const state = stateAfter(script.records, 'power-loss-blocks', seed);
      const bytes = state.files.get('f') ?? new Uint8Array(0);
      let kept = 0;
      for (let block = 0; block < 4; block += 1) {
        const start = block === 0 ? 100 : block * BLOCK_SIZE_BYTES;
        const end = block === 3 ? 100 + 3 * BLOCK_SIZE_BYTES : (block + 1) * BLOCK_SIZE_BYTES;
        const piece = bytes.subarray(start, end);
        const whole = piece.every((byte) => byte === 0x01) || piece.every((byte) => byte === 0x7a);
        expect(whole).toBe(true);
        if (piece[0] === 0x01) kept += 1;
      }
      keptBlockCounts.add(kept);
      entrySets.add([...state.files.keys()].join(','));
    }
    expect(keptBlockCounts.size).toBeGreaterThan(2);
    expect(entrySets).toContain('f,x,y');
    expect(entrySets).toContain('f');
    expect(entrySets.size).toBe(4);
  });
});

describe('torn-sectors', () => {
  it('writes, drops or trashes each sector of an unsynced write, leaving synced bytes alone', () => {
    const script = new TraceScript().create('f').write('f', 0, filled(4 * SECTOR_SIZE_BYTES, 0x2e)).sync('f').syncDirectory();
    // Covers the second half of sector 0 and sectors 1 and 2.
    script.write('f', SECTOR_SIZE_BYTES / 2, filled(2.5 * SECTOR_SIZE_BYTES, 0x44));
    const mask = { kind: 'sectors' as const, garbageSeed: 5, unitsPerFile: [['kept', 'dropped', 'garbage'] as const].map((fates) => [...fates]) };
    const bytes = stateAfter(script.records, 'torn-sectors', 1, mask).files.get('f') ?? new Uint8Array(0);
    const sector = (index: number): Uint8Array => bytes.subarray(index * SECTOR_SIZE_BYTES, (index + 1) * SECTOR_SIZE_BYTES);
    expect(sector(0).subarray(0, SECTOR_SIZE_BYTES / 2).every((byte) => byte === 0x2e)).toBe(true);
    expect(sector(0).subarray(SECTOR_SIZE_BYTES / 2).every((byte) => byte === 0x44)).toBe(true);
    expect(sector(1).every((byte) => byte === 0x2e)).toBe(true);
    expect(sector(2).some((byte) => byte !== 0x44 && byte !== 0x2e)).toBe(true);
    expect(sector(3).every((byte) => byte === 0x2e)).toBe(true);
  });

  it('draws all three fates from the seed and loses every unsynced directory entry', () => {
    const script = new TraceScript().create('f').sync('f').syncDirectory().write('f', 0, filled(8 * SECTOR_SIZE_BYTES, 0x44)).create('new');
    const fates = new Set<string>();
    for (const seed of SEEDS.slice(0, 5)) {
      const state = stateAfter(script.records, 'torn-sectors', seed);
      expect([...state.files.keys()]).toEqual(['f']);
      if (state.mask.kind === 'sectors') state.mask.unitsPerFile.flat().forEach((fate) => fates.add(fate));
    }
    expect([...fates].sort()).toEqual(['dropped', 'garbage', 'kept']);
  });
});

describe('bitrot', () => {
  it('flips exactly one bit, in synced bytes, of the power-loss state', () => {
    const script = new TraceScript().create('a').write('a', 0, 'synced a').sync('a').create('b').write('b', 0, 'synced b').sync('b').syncDirectory();
    script.write('a', 8, ' unsynced');
    const powerLoss = stateAfter(script.records, 'power-loss');
    for (const seed of SEEDS.slice(0, 10)) {
      const rotten = stateAfter(script.records, 'bitrot', seed);
      expect([...rotten.files.keys()]).toEqual([...powerLoss.files.keys()]);
      let differingBits = 0;
      for (const [path, bytes] of rotten.files) {
        const original = powerLoss.files.get(path) ?? new Uint8Array(0);
        expect(bytes.byteLength).toBe(original.byteLength);
        bytes.forEach((byte, index) => {
          let difference = byte ^ (original[index] ?? 0);
          for (; difference !== 0; difference &= difference - 1) differingBits += 1;
        });
      }
      expect(differingBits).toBe(1);
    }
    // The power-loss state it started from was not changed in place.
    expect(filesAsText(stateAfter(script.records, 'power-loss'))).toEqual(filesAsText(powerLoss));
  });
});

describe('persistence masks reproduce their state', () => {
  const script = new TraceScript().mkdir('wal').syncDirectory().create('wal/1').write('wal/1', 0, filled(3000, 0x11)).sync('wal/1').syncDirectory('wal');
  script.write('wal/1', 2900, filled(9000, 0x22)).create('wal/2').write('wal/2', 0, filled(700, 0x33)).truncate('wal/1', 11000);
  script.create('tmp').write('tmp', 0, 'x').sync('tmp').rename('tmp', 'manifest');

  for (const model of CRASH_MODELS) {
    it(`${model}: the mask printed and parsed back builds the same state`, () => {
      const builder = builderAfter(script.records);
      for (const seed of SEEDS.slice(0, 8)) {
        const state = builder.build(model, seed);
        const parsed = parsePersistenceMask(formatPersistenceMask(state.mask));
        expect(parsed).toEqual(state.mask);
        const replayed = builder.build(model, seed + 1, parsed);
        expect(comparableState(replayed)).toEqual(comparableState(state));
      }
    });
  }

  it('rejects a mask that does not fit the crash point', () => {
    const builder = builderAfter(script.records);
    expect(() => builder.build('power-loss-blocks', 1, { kind: 'blocks', directoryOperations: [], unitsPerFile: [] })).toThrow(/MASK_MISMATCH/);
    expect(() => builder.build('power-loss', 1, { kind: 'all' })).toThrow(/MASK_MISMATCH/);
    expect(() => builder.build('bitrot', 1, { kind: 'bitrot', flip: { path: 'wal/2', bitOffset: 0 } })).toThrow(/no synced file/);
  });
});
