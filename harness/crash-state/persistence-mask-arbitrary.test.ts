import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BLOCK_SIZE_BYTES } from './crash-models.js';
import { persistenceMaskArbitrary, shrinkPersistenceMask } from './persistence-mask-arbitrary.js';
import { checkMaskFitsShape, type MaskShape, type PersistenceMask, survivingUnitCount } from './persistence-mask.js';
import { builderAfter } from './test-support/build-at-end.js';
import { TraceScript } from './test-support/trace-script.js';

const SHAPES: readonly MaskShape[] = [
  { kind: 'prefix', directoryOperationCount: 3, unitCountPerFile: [10, 0, 7] },
  { kind: 'blocks', directoryOperationCount: 4, unitCountPerFile: [5, 2] },
  { kind: 'sectors', unitCountPerFile: [6, 1] },
  { kind: 'bitrot', files: [{ path: 'a', sizeBytes: 3 }] },
];

describe('persistence mask arbitrary', () => {
  for (const shape of SHAPES) {
    it(`generates only ${shape.kind} masks that fit their shape`, () => {
      fc.assert(fc.property(persistenceMaskArbitrary(shape), (mask) => checkMaskFitsShape(mask, shape)), { numRuns: 200 });
    });
  }

  it('shrinks a failing crash state to the one block that matters', () => {
    // Eight unsynced blocks; the "bug" shows only when block 5 survives.
    const script = new TraceScript().create('f').sync('f').syncDirectory().write('f', 0, new Uint8Array(8 * BLOCK_SIZE_BYTES).fill(1));
    const builder = builderAfter(script.records);
    const shape = builder.maskShape('power-loss-blocks');
    const details = fc.check(
      fc.property(persistenceMaskArbitrary(shape), (mask) => {
        const bytes = builder.build('power-loss-blocks', 1, mask).files.get('f') ?? new Uint8Array(0);
        return bytes[5 * BLOCK_SIZE_BYTES] !== 1;
      }),
      { seed: 42, numRuns: 500 },
    );
    expect(details.failed).toBe(true);
    const [minimal] = details.counterexample ?? [];
    expect(minimal).toEqual({ kind: 'blocks', directoryOperations: [], unitsPerFile: [[false, false, false, false, false, true, false, false]] });
  });
});

describe('shrinkPersistenceMask', () => {
  const masks: readonly PersistenceMask[] = [
    { kind: 'prefix', directoryOperationsKept: 2, unitsKeptPerFile: [9, 0, 4] },
    { kind: 'blocks', directoryOperations: [true, false, true], unitsPerFile: [[true, true, false, true]] },
    { kind: 'sectors', garbageSeed: 9, unitsPerFile: [['kept', 'garbage', 'dropped'], ['kept']] },
  ];
  for (const mask of masks) {
    it(`offers ${mask.kind} candidates that each let fewer units through, down to none`, () => {
      const candidates = [...shrinkPersistenceMask(mask)];
      expect(candidates.length).toBeGreaterThan(2);
      for (const candidate of candidates) expect(survivingUnitCount(candidate)).toBeLessThan(survivingUnitCount(mask));
      expect(survivingUnitCount(candidates[0] as PersistenceMask)).toBe(0);
      expect([...shrinkPersistenceMask(candidates[0] as PersistenceMask)]).toEqual([]);
    });
  }

  it('reaches a single surviving unit by greedy shrinking', () => {
    let mask: PersistenceMask = { kind: 'blocks', directoryOperations: [true, true], unitsPerFile: [[true, true, true, true, true]] };
    const fails = (candidate: PersistenceMask): boolean => candidate.kind === 'blocks' && candidate.unitsPerFile[0]?.[3] === true;
    for (let shrunk = true; shrunk; ) {
      shrunk = false;
      for (const candidate of shrinkPersistenceMask(mask)) {
        if (fails(candidate)) {
          mask = candidate;
          shrunk = true;
          break;
        }
      }
    }
    expect(mask).toEqual({ kind: 'blocks', directoryOperations: [false, false], unitsPerFile: [[false, false, false, true, false]] });
  });
});
