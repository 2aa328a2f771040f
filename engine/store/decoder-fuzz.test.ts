import fc from 'fast-check';
import { describe, it } from 'vitest';
import { checkDecoder, decoderInput } from '../test-support/decoder-fuzz.js';

describe('decoders of the on-disk formats', () => {
  it('return a reason or a value for any bytes, and throw nothing but EngineError', () => {
    fc.assert(
      fc.property(decoderInput, (input) => {
        const failure = checkDecoder(input);
        if (failure !== undefined) throw new Error(failure);
      }),
      { numRuns: 3000, seed: 20261202 },
    );
  });
});
