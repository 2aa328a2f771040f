import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCrashStates } from './build-crash-states.js';
import { CRASH_MODELS } from './crash-models.js';
import { comparableState } from './test-support/build-at-end.js';
import { TraceScript } from './test-support/trace-script.js';
import { PAGE_SIZE_BYTES } from './paged-bytes.js';
import { StateDigester, type DigestedContents } from './state-digest.js';

const state = (files: Record<string, string | Uint8Array>, directories: string[] = []): DigestedContents => ({
  files: new Map(Object.entries(files).map(([path, content]) => [path, typeof content === 'string' ? new TextEncoder().encode(content) : content])),
  directories,
});

describe('StateDigester', () => {
  it('pins the digest layout: directories, then files with sizes and page-hash file hashes', () => {
    const sha1 = (...parts: (string | Buffer)[]): Buffer => parts.reduce((hash, part) => hash.update(part), createHash('sha1')).digest();
    const fileHash = sha1(Buffer.from([0, 0, 0, 0]), sha1('abc'));
    const expected = sha1('dsub\0', 'fa\x003\0', fileHash, 'fsub/e\x000\0', sha1()).toString('hex');
    expect(new StateDigester().digest(state({ 'sub/e': '', a: 'abc' }, ['sub']))).toBe(expected);
    // A file of zeros hashes no page, however it is held.
    expect(new StateDigester().digest(state({ z: new Uint8Array(PAGE_SIZE_BYTES + 3) }))).toBe(sha1(`fz\0${PAGE_SIZE_BYTES + 3}\0`, sha1()).toString('hex'));
  });

  it('tells apart states that differ in a byte, a size, a name or an empty directory', () => {
    const digester = new StateDigester();
    const digests = [
      state({ a: 'abc' }),
      state({ a: 'abd' }),
      state({ a: 'abc\0' }),
      state({ b: 'abc' }),
      state({ a: 'abc' }, ['empty']),
      state({}),
    ].map((contents) => digester.digest(contents));
    expect(new Set(digests).size).toBe(digests.length);
  });

  it('gives equal contents the same digest whatever the map order or the byte arrays holding them', () => {
    const digester = new StateDigester();
    const left = digester.digest(state({ a: 'one', b: 'two' }, ['x', 'x/y']));
    const right = new StateDigester().digest(state({ b: 'two', a: 'one' }, ['x/y', 'x']));
    expect(left).toBe(right);
  });

  it('never mixes up a changed page of a large file', () => {
    const digester = new StateDigester();
    const big = new Uint8Array(3 * PAGE_SIZE_BYTES + 10).fill(7);
    digester.digest(state({ segment: big }));
    // A new array for the same path: one byte changed in the last page, then in the first.
    for (const offset of [big.byteLength - 1, 0]) {
      const changed = big.slice();
      changed[offset] = 8;
      expect(digester.digest(state({ segment: changed }))).toBe(new StateDigester().digest(state({ segment: changed })));
      expect(digester.digest(state({ segment: changed }))).not.toBe(digester.digest(state({ segment: big })));
    }
  });

  it('tells a file from a longer one that merely starts with the same bytes', () => {
    const digester = new StateDigester();
    digester.digest(state({ a: 'xx' }));
    expect(digester.digest(state({ a: 'x' }))).toBe(new StateDigester().digest(state({ a: 'x' })));
  });

  it('gives two states of a trace the same digest exactly when their contents are equal', () => {
    const traces = fc
      .array(fc.tuple(fc.nat(4), fc.constantFrom('a', 'b'), fc.nat(200), fc.nat(100)), { minLength: 1, maxLength: 20 })
      .map((steps) => {
        const script = new TraceScript().create('a').create('b').syncDirectory();
        for (const [choice, path, offsetBytes, lengthBytes] of steps) {
          if (choice <= 2) script.write(path, offsetBytes, new Uint8Array(lengthBytes).fill(choice + 1));
          else if (choice === 3) script.sync(path);
          else script.truncate(path, offsetBytes);
        }
        return script.records;
      });
    fc.assert(
      fc.property(traces, fc.nat(), (records, seed) => {
        const digester = new StateDigester();
        const seen = new Map<string, string>();
        for (const built of buildCrashStates(records, { models: CRASH_MODELS, seed })) {
          const contents = JSON.stringify(comparableState(built));
          const digest = digester.digest(built);
          const earlier = seen.get(digest);
          if (earlier !== undefined) expect(contents).toBe(earlier);
          seen.set(digest, contents);
        }
        // And the converse: equal contents never got two digests.
        expect(new Set(seen.values()).size).toBe(seen.size);
      }),
      { numRuns: 30 },
    );
  });
});
