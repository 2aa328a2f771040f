import { describe, expect, it } from 'vitest';
import { createRandom, nextExponential, sfc32 } from './random.js';

describe('sfc32', () => {
  it('matches the C reference implementation for state (1, 2, 3, 4)', () => {
    // Produced by the reference C step (t = a + b + counter++; ...) compiled with gcc.
    const next = sfc32(1, 2, 3, 4);
    expect([next(), next(), next(), next(), next()]).toEqual([7, 34, 56623200, 188882296, 3431242869]);
  });
});

describe('createRandom', () => {
  it('is deterministic for a seed and differs between nearby seeds', () => {
    const first = createRandom(42);
    const again = createRandom(42);
    const neighbour = createRandom(43);
    const drawsFirst = Array.from({ length: 8 }, () => first.nextUint32());
    const drawsAgain = Array.from({ length: 8 }, () => again.nextUint32());
    const drawsNeighbour = Array.from({ length: 8 }, () => neighbour.nextUint32());
    expect(drawsAgain).toEqual(drawsFirst);
    expect(drawsNeighbour).not.toEqual(drawsFirst);
  });

  it('uses the high bits of seeds above 2^32', () => {
    const low = createRandom(5);
    const high = createRandom(5 + 2 ** 32);
    expect(high.nextUint32()).not.toBe(low.nextUint32());
  });

  it('keeps nextFloat in [0, 1) and nextInt in range, roughly uniform', () => {
    const random = createRandom(7);
    const bucketCounts = new Array<number>(10).fill(0);
    const drawCount = 20_000;
    let floatsOutOfRange = 0;
    let integersOutOfRange = 0;
    for (let index = 0; index < drawCount; index += 1) {
      const float = random.nextFloat();
      if (!(float >= 0 && float < 1)) floatsOutOfRange += 1;
      const integer = random.nextInt(10);
      if (!(Number.isInteger(integer) && integer >= 0 && integer < 10)) integersOutOfRange += 1;
      bucketCounts[integer] = (bucketCounts[integer] ?? 0) + 1;
    }
    expect(floatsOutOfRange).toBe(0);
    expect(integersOutOfRange).toBe(0);
    // Chi-square with 9 degrees of freedom: 27.9 is the 0.999 quantile, so a fair generator fails 1 in 1000 seeds (this seed is fixed).
    const expected = drawCount / 10;
    const chiSquare = bucketCounts.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0);
    expect(chiSquare).toBeLessThan(27.9);
  });

  it('rejects a nextInt bound outside [1, 2^32]', () => {
    const random = createRandom(1);
    expect(() => random.nextInt(0)).toThrow(/nextInt bound/);
    expect(() => random.nextInt(1.5)).toThrow(/nextInt bound/);
    expect(random.nextInt(1)).toBe(0);
  });

  it('forks by label without advancing the parent, stably and independently', () => {
    const parent = createRandom(9);
    const untouched = createRandom(9);
    const childA = parent.fork('faults');
    const childB = parent.fork('latency');
    const childAAgain = createRandom(9).fork('faults');
    expect(parent.nextUint32()).toBe(untouched.nextUint32());
    const drawsA = Array.from({ length: 4 }, () => childA.nextUint32());
    expect(Array.from({ length: 4 }, () => childAAgain.nextUint32())).toEqual(drawsA);
    expect(Array.from({ length: 4 }, () => childB.nextUint32())).not.toEqual(drawsA);
    expect(createRandom(10).fork('faults').nextUint32()).not.toBe(drawsA[0]);
  });

  it('draws exponential values with about the requested mean', () => {
    const random = createRandom(3);
    const drawCount = 20_000;
    let sum = 0;
    for (let index = 0; index < drawCount; index += 1) sum += nextExponential(random, 5);
    expect(sum / drawCount).toBeGreaterThan(4.7);
    expect(sum / drawCount).toBeLessThan(5.3);
  });
});
