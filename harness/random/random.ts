/**
 * The project's only source of randomness: a small seeded generator, so that
 * every run, crash point, fault and crash state is replayable from one seed.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's "Small Fast Counting" generator from
 * PractRand): 128 bits of state, passes PractRand and BigCrush, and needs only
 * 32-bit integer arithmetic, which JavaScript does fast and exactly. The seed is
 * expanded into the four state words with splitmix32, and the first 12 outputs
 * are discarded, as the reference seeding does, so that nearby seeds give
 * unrelated streams.
 *
 * `fork(label)` derives an independent child generator from this generator's
 * SEED and the label only: it does not advance the parent, so adding a new
 * consumer (a new fork) never shifts the numbers any other consumer draws.
 * Forking the same label twice gives the same stream, by design.
 *
 * Not for cryptography.
 */
import { assert } from '../../engine/invariants.js';

/** A seeded pseudo-random generator. */
export interface Random {
  /** The next uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number;
  /** The next float, uniform in [0, 1), with 53 random bits. */
  nextFloat(): number;
  /** The next integer, uniform in [0, maxExclusive), without modulo bias. 1 <= maxExclusive <= 2^32. */
  nextInt(maxExclusive: number): number;
  /** An independent generator derived from this one's seed and `label` (does not advance this one). */
  fork(label: string): Random;
}

const TWO_POW_32 = 0x1_0000_0000;
const TWO_POW_53 = 2 ** 53;
/** Outputs discarded after seeding, as the sfc32 reference seeding does. */
const WARM_UP_ROUNDS = 12;

/** Creates a generator from a seed (any finite number; integers are expected). */
export function createRandom(seed: number): Random {
  assert(Number.isFinite(seed), `seed must be a finite number, got ${seed}`);
  const integerSeed = Math.trunc(seed);
  // Both halves of a seed above 2^32 (a timestamp, say) take part in seeding.
  const low = integerSeed % TWO_POW_32 >>> 0;
  const high = Math.floor(integerSeed / TWO_POW_32) >>> 0;
  return createFromWords(low, high);
}

function createFromWords(low: number, high: number): Random {
  const mixer = splitmix32(low ^ Math.imul(high, 0x9e3779b9));
  const seedWords = [mixer(), mixer(), mixer(), high ^ mixer()] as const;
  const nextUint32 = sfc32(...seedWords);

  for (let round = 0; round < WARM_UP_ROUNDS; round += 1) nextUint32();

  return {
    nextUint32,
    nextFloat(): number {
      const upper = nextUint32() >>> 11; // 21 bits
      const lower = nextUint32(); // 32 bits
      return (upper * TWO_POW_32 + lower) / TWO_POW_53;
    },
    nextInt(maxExclusive: number): number {
      assert(Number.isInteger(maxExclusive) && maxExclusive >= 1 && maxExclusive <= TWO_POW_32, `nextInt bound must be an integer in [1, 2^32], got ${maxExclusive}`);
      // Rejection sampling: draws at or above the largest multiple of the bound would bias low values.
      const limit = TWO_POW_32 - (TWO_POW_32 % maxExclusive);
      let value = nextUint32();
      while (value >= limit) value = nextUint32();
      return value % maxExclusive;
    },
    fork(label: string): Random {
      const labelHash = fnv1a32(label);
      const childLow = (seedWords[0] ^ labelHash ^ Math.imul(seedWords[2], 0x85ebca6b)) >>> 0;
      const childHigh = (seedWords[1] ^ Math.imul(labelHash, 0xc2b2ae35) ^ seedWords[3]) >>> 0;
      return createFromWords(childLow, childHigh);
    },
  };
}

/** The bare sfc32 step function over four state words (no seeding, no warm-up): each call returns the next uint32. */
export function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    // The reference step: t = a + b + counter++; a = b ^ (b >> 9); b = c + (c << 3); c = rotl(c, 21) + t.
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  };
}

/** splitmix32: expands one 32-bit word into a well-mixed sequence (used only for seeding). */
function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
}

/** FNV-1a over the UTF-16 code units of a label: a stable 32-bit hash for fork labels. */
function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Draws from an exponential distribution with the given mean (inverse-transform sampling). */
export function nextExponential(random: Random, mean: number): number {
  assert(Number.isFinite(mean) && mean >= 0, `exponential mean must be finite and >= 0, got ${mean}`);
  // 1 - u is in (0, 1], so the logarithm is finite.
  return -mean * Math.log(1 - random.nextFloat());
}
