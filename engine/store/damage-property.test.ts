import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDamage, BASE_SHAPES, buildBase, checkRestart, damageArbitrary } from '../test-support/damage-model.js';
import type { DamageBase } from '../test-support/damage-model.js';

/** Cases per base shape in the default suite; `npm run fuzz` runs 100,000 and more. */
const CASES_PER_SHAPE = 120;
const SEED = 20261202;

describe('one random damage to a closed store: every acknowledged commit, or CORRUPT that touched nothing', () => {
  BASE_SHAPES.forEach((shape, shapeIndex) => {
    it(shape.name, async () => {
      const base: DamageBase = await buildBase(shapeIndex, SEED + shapeIndex);
      expect(base.expected.length).toBeGreaterThan(5);
      fc.assert(
        fc.property(damageArbitrary, (damage) => {
          const failure = checkRestart(base, applyDamage(base, damage));
          if (failure !== undefined) throw new Error(failure);
        }),
        { numRuns: CASES_PER_SHAPE, seed: SEED + shapeIndex },
      );
    });
  });

  it('is not vacuous: the undamaged store restarts with every commit, and a silent loss would be reported', async () => {
    const base = await buildBase(0, SEED);
    expect(checkRestart(base, base.fileSystem.crashClone({ unsynced: 'keep' }))).toBeUndefined();
    const forgetful: DamageBase = { ...base, expected: [...base.expected, ['never-written', 'x']] };
    expect(checkRestart(forgetful, base.fileSystem.crashClone({ unsynced: 'keep' }))).toMatch(/instead of the/);
  });
});
