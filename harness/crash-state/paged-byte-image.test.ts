import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemFileSystem } from '../../engine/fs/mem-file-system.js';
import { ByteImage } from './byte-image.js';
import { materialiseCrashState } from './materialise-crash-state.js';
import { flattenPaged, PAGE_SIZE_BYTES } from './paged-bytes.js';
import { stateAfter } from './test-support/build-at-end.js';
import { TraceScript } from './test-support/trace-script.js';

const SEGMENT_BYTES = 16 * 1024 * 1024;

describe('ByteImage pages', () => {
  it('keeps a preallocated range of zeros as holes, and a later write costs one page', () => {
    const image = ByteImage.empty();
    image.write(new Uint8Array(SEGMENT_BYTES), 0);
    const preallocated = image.paged();
    expect(preallocated.sizeBytes).toBe(SEGMENT_BYTES);
    expect(preallocated.pages.filter((page) => page !== undefined)).toEqual([]);
    image.write(new Uint8Array(120).fill(0x5a), 5 * PAGE_SIZE_BYTES + 10);
    const appended = image.paged();
    const changed = appended.pages.map((page, index) => page !== preallocated.pages[index]);
    expect(changed.filter(Boolean).length).toBe(1);
    expect(changed[5]).toBe(true);
  });

  it('shares every untouched page between consecutive snapshots and never changes an earlier one', () => {
    const image = ByteImage.of(new Uint8Array(4 * PAGE_SIZE_BYTES).fill(1));
    const first = image.paged();
    image.write(Uint8Array.of(9), 2 * PAGE_SIZE_BYTES);
    const second = image.paged();
    expect([0, 1, 3].map((index) => second.pages[index] === first.pages[index])).toEqual([true, true, true]);
    expect(flattenPaged(first).every((byte) => byte === 1)).toBe(true);
    expect(flattenPaged(second)[2 * PAGE_SIZE_BYTES]).toBe(9);
  });

  it('behaves as a flat array under any writes, truncates, bit flips and snapshots', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('write' as const), offsetBytes: fc.nat(3 * PAGE_SIZE_BYTES), lengthBytes: fc.nat(PAGE_SIZE_BYTES + 100), fill: fc.nat(2) }),
      fc.record({ kind: fc.constant('truncate' as const), sizeBytes: fc.nat(3 * PAGE_SIZE_BYTES) }),
      fc.record({ kind: fc.constant('flip' as const), bit: fc.nat() }),
      fc.record({ kind: fc.constant('snapshot' as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const image = ByteImage.empty();
        let flat = new Uint8Array(0);
        const taken: { readonly image: Uint8Array; readonly paged: ReturnType<ByteImage['paged']>; readonly expected: Uint8Array }[] = [];
        for (const action of steps) {
          if (action.kind === 'write') {
            const data = new Uint8Array(action.lengthBytes).fill(action.fill);
            image.write(data, action.offsetBytes);
            if (data.byteLength > 0) {
              const grown = new Uint8Array(Math.max(flat.byteLength, action.offsetBytes + data.byteLength));
              grown.set(flat);
              grown.set(data, action.offsetBytes);
              flat = grown;
            }
          } else if (action.kind === 'truncate') {
            image.truncate(action.sizeBytes);
            const resized = new Uint8Array(action.sizeBytes);
            resized.set(flat.subarray(0, action.sizeBytes));
            flat = resized;
          } else if (action.kind === 'flip') {
            if (flat.byteLength === 0) continue;
            const bit = action.bit % (flat.byteLength * 8);
            image.flipBit(bit);
            flat = flat.slice();
            flat[Math.floor(bit / 8)] = (flat[Math.floor(bit / 8)] ?? 0) ^ (1 << bit % 8);
          } else {
            taken.push({ image: image.snapshot(), paged: image.paged(), expected: flat });
          }
        }
        expect(Buffer.from(image.snapshot()).equals(Buffer.from(flat))).toBe(true);
        for (const snapshot of taken) {
          expect(Buffer.from(snapshot.image).equals(Buffer.from(snapshot.expected))).toBe(true);
          expect(Buffer.from(flattenPaged(snapshot.paged)).equals(Buffer.from(snapshot.expected))).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('materialising a paged state', () => {
  it('writes the same files as the flat bytes, sized first and holes left unwritten', () => {
    const script = new TraceScript().create('wal').syncDirectory().write('wal', 0, new Uint8Array(SEGMENT_BYTES)).sync('wal').write('wal', 4096, 'commit one');
    const state = stateAfter(script.records, 'process-crash');
    expect(state.pagedFiles?.get('wal')?.pages.filter((page) => page !== undefined).length).toBe(1);
    const fileSystem = new MemFileSystem();
    materialiseCrashState(state, fileSystem, '/data');
    const written = fileSystem.readFile('/data/wal');
    expect(written.byteLength).toBe(SEGMENT_BYTES);
    expect(Buffer.from(written).equals(Buffer.from(state.files.get('wal') as Uint8Array))).toBe(true);
    expect(Buffer.from(written.subarray(4096, 4106)).toString()).toBe('commit one');
  });
});
