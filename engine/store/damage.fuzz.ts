/**
 * `npm run fuzz`: the damage property and the decoder fuzz at length. Cases
 * come from UNPLUG_FUZZ_CASES (default 100,000 of each) and the seed from
 * UNPLUG_FUZZ_SEED (default: the time); a failure prints the seed, the case
 * and a command that replays it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDamage, BASE_SHAPES, buildBase, checkRestart, damageArbitrary } from '../test-support/damage-model.js';
import { checkDecoder, decoderInput } from '../test-support/decoder-fuzz.js';

const CASES = Number(process.env['UNPLUG_FUZZ_CASES'] ?? 100_000);
const SEED = Number(process.env['UNPLUG_FUZZ_SEED'] ?? Date.now() % 1_000_000_007);
/** A new base store every this many cases, so the damage meets many store shapes. */
const CASES_PER_BASE = 500;

function replayHint(): string {
  return `replay: UNPLUG_FUZZ_SEED=${SEED} UNPLUG_FUZZ_CASES=${CASES} npm run fuzz`;
}

describe(`fuzz (seed ${SEED})`, () => {
  it(`damage property: ${CASES} cases`, async () => {
    expect(Number.isSafeInteger(CASES) && CASES > 0, `UNPLUG_FUZZ_CASES must be a positive integer, got ${process.env['UNPLUG_FUZZ_CASES']}`).toBe(true);
    const startedMs = performance.now();
    let done = 0;
    for (let baseIndex = 0; done < CASES; baseIndex += 1) {
      const base = await buildBase(baseIndex % BASE_SHAPES.length, SEED + baseIndex);
      const runs = Math.min(CASES_PER_BASE, CASES - done);
      const details = fc.check(
        fc.property(damageArbitrary, (damage) => {
          const failure = checkRestart(base, applyDamage(base, damage));
          if (failure !== undefined) throw new Error(failure);
        }),
        { numRuns: runs, seed: SEED + baseIndex },
      );
      if (details.failed) {
        throw new Error(`base ${baseIndex} (${base.name}): ${String(details.errorInstance)}; counterexample ${JSON.stringify(details.counterexample)}; ${replayHint()}`);
      }
      done += runs;
    }
    console.log(`damage property: ${done} cases passed in ${((performance.now() - startedMs) / 1000).toFixed(1)} s (seed ${SEED})`);
  });

  it(`decoders: ${CASES} cases`, () => {
    const startedMs = performance.now();
    const details = fc.check(
      fc.property(decoderInput, (input) => {
        const failure = checkDecoder(input);
        if (failure !== undefined) throw new Error(failure);
      }),
      { numRuns: CASES, seed: SEED },
    );
    if (details.failed) throw new Error(`${String(details.errorInstance)}; ${replayHint()}`);
    console.log(`decoders: ${CASES} cases passed in ${((performance.now() - startedMs) / 1000).toFixed(1)} s (seed ${SEED})`);
  });
});
