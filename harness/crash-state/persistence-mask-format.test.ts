import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { persistenceMaskArbitrary } from './persistence-mask-arbitrary.js';
import type { MaskShape, PersistenceMask } from './persistence-mask.js';
import { formatPersistenceMask, parsePersistenceMask } from './persistence-mask-format.js';

/** Golden strings: the format is part of replay commands people paste, so it must not drift. */
const GOLDEN: readonly (readonly [PersistenceMask, string])[] = [
  [{ kind: 'all' }, 'all'],
  [{ kind: 'none' }, 'none'],
  [{ kind: 'prefix', directoryOperationsKept: 2, unitsKeptPerFile: [0, 17, 4096] }, 'prefix:2:0,17,4096'],
  [{ kind: 'prefix', directoryOperationsKept: 0, unitsKeptPerFile: [] }, 'prefix:0:'],
  [{ kind: 'blocks', directoryOperations: [true, false], unitsPerFile: [[true, true, false], []] }, 'blocks:kd:k2d,-'],
  [{ kind: 'blocks', directoryOperations: [], unitsPerFile: [] }, 'blocks:-:'],
  [{ kind: 'blocks', directoryOperations: [], unitsPerFile: [[]] }, 'blocks:-:-'],
  [{ kind: 'sectors', garbageSeed: 4_294_967_295, unitsPerFile: [['kept', 'kept', 'kept', 'dropped', 'garbage', 'garbage'], ['dropped']] }, 'sectors:4294967295:k3dg2,d'],
  [{ kind: 'bitrot', flip: { path: 'wal/00000001:a@b,c', bitOffset: 12345 } }, 'bitrot:wal%2F00000001%3Aa%40b%2Cc@12345'],
  [{ kind: 'bitrot', flip: undefined }, 'bitrot:-'],
];

describe('persistence mask string form', () => {
  for (const [mask, text] of GOLDEN) {
    it(`formats and parses ${text}`, () => {
      expect(formatPersistenceMask(mask)).toBe(text);
      expect(parsePersistenceMask(text)).toEqual(mask);
    });
  }

  it('round-trips every mask of random shapes', () => {
    const counts = fc.array(fc.nat(40), { maxLength: 4 });
    const shape: fc.Arbitrary<MaskShape> = fc.oneof(
      fc.record({ kind: fc.constant('prefix' as const), directoryOperationCount: fc.nat(5), unitCountPerFile: counts }),
      fc.record({ kind: fc.constant('blocks' as const), directoryOperationCount: fc.nat(5), unitCountPerFile: counts }),
      fc.record({ kind: fc.constant('sectors' as const), unitCountPerFile: counts }),
      fc.record({ kind: fc.constant('bitrot' as const), files: fc.array(fc.record({ path: fc.string({ minLength: 1 }), sizeBytes: fc.integer({ min: 1, max: 1000 }) }), { maxLength: 3 }) }),
    );
    fc.assert(
      fc.property(shape.chain(persistenceMaskArbitrary), (mask) => {
        expect(parsePersistenceMask(formatPersistenceMask(mask))).toEqual(mask);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['', /unknown mask kind/],
    ['some', /unknown mask kind/],
    ['all:1', /1 ':'-separated fields/],
    ['prefix:1', /3 ':'-separated fields/],
    ['prefix:-1:', /not a non-negative integer/],
    ['prefix:01:', /not a non-negative integer/],
    ['blocks:kx:-', /unexpected "x"/],
    ['blocks:g:', /not garbage/],
    ['prefix:1:-', /not a non-negative integer/],
    ['blocks::-', /empty unit list/],
    ['sectors:1:k0', /run length 0/],
    ['sectors:4294967296:', /32-bit/],
    ['sectors:1:k99999999', /more than/],
    ['bitrot:nobit', /'<path>@<bit offset>'/],
    ['bitrot:%E0%A4%A@1', /URI-encoded/],
  ])('rejects %j', (text, reason) => {
    expect(() => parsePersistenceMask(text)).toThrow(/MASK_SYNTAX/);
    expect(() => parsePersistenceMask(text)).toThrow(reason);
  });
});
