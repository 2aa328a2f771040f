import { describe, expect, it } from 'vitest';
import { ByteImage } from './byte-image.js';
import { CrashStateError } from './crash-state-error.js';

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
const bytes = (value: string): Uint8Array => new Uint8Array(Buffer.from(value, 'latin1'));

describe('ByteImage', () => {
  it('writes at offsets, zero-filling gaps, and ignores empty writes past the end', () => {
    const image = ByteImage.empty();
    image.write(bytes('ab'), 3);
    image.write(new Uint8Array(0), 100);
    expect(text(image.snapshot())).toBe('\0\0\0ab');
  });

  it('zero-fills when a truncate grows the file after shrinking it', () => {
    const image = ByteImage.of(bytes('abcdef'));
    image.truncate(2);
    image.truncate(5);
    expect(text(image.snapshot())).toBe('ab\0\0\0');
  });

  it('never changes a snapshot, nor the array it was created from', () => {
    const original = bytes('hello');
    const image = ByteImage.of(original);
    const first = image.snapshot();
    image.write(bytes('J'), 0);
    const second = image.snapshot();
    image.truncate(1);
    image.flipBit(0);
    expect(text(original)).toBe('hello');
    expect(text(first)).toBe('hello');
    expect(text(second)).toBe('Jello');
    expect(text(image.snapshot())).toBe('K');
  });

  it('gives clones independent bytes', () => {
    const image = ByteImage.of(bytes('same'));
    const clone = image.clone();
    clone.write(bytes('X'), 0);
    image.write(bytes('Y'), 3);
    expect([text(image.snapshot()), text(clone.snapshot())]).toEqual(['samY', 'Xame']);
  });

  it('refuses to grow beyond its limit with a typed error', () => {
    expect(() => ByteImage.empty().write(bytes('x'), 2 ** 31)).toThrow(CrashStateError);
  });
});
