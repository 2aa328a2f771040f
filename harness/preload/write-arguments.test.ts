import { describe, expect, it } from 'vitest';
import { concatenateBuffers, normaliseWriteArguments, readPositionOf } from './write-arguments.js';

const text = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString('utf8');

describe('normaliseWriteArguments', () => {
  it('handles buffer + offset + length + position', () => {
    const write = normaliseWriteArguments(Buffer.from('abcdef'), [1, 3, 10]);
    expect(text(write?.bytes)).toBe('bcd');
    expect(write?.position).toBe(10);
  });

  it('handles buffer + options and a bare buffer (positionless)', () => {
    expect(normaliseWriteArguments(Buffer.from('abcdef'), [{ offset: 2, position: 5 }])).toMatchObject({ position: 5 });
    expect(text(normaliseWriteArguments(Buffer.from('abcdef'), [{ offset: 2 }])?.bytes)).toBe('cdef');
    expect(normaliseWriteArguments(new Uint16Array([0x4241]), [])).toMatchObject({ position: null });
    expect(text(normaliseWriteArguments(new Uint16Array([0x4241]), [])?.bytes)).toBe('AB');
  });

  it('handles string + position + encoding', () => {
    const write = normaliseWriteArguments('6869', [3, 'hex']);
    expect(text(write?.bytes)).toBe('hi');
    expect(write?.position).toBe(3);
    expect(normaliseWriteArguments('x', [null])?.position).toBeNull();
  });

  it('leaves shapes node:fs rejects to the original', () => {
    expect(normaliseWriteArguments(42, [])).toBeUndefined();
    expect(normaliseWriteArguments(Buffer.from('ab'), [1, 5])).toBeUndefined();
  });
});

describe('concatenateBuffers and readPositionOf', () => {
  it('concatenates writev buffers in order', () => {
    expect(text(concatenateBuffers([Buffer.from('ab'), new Uint8Array([99])]))).toBe('abc');
    expect(concatenateBuffers(['not a buffer'])).toBeUndefined();
  });

  it('finds the position of each read shape', () => {
    expect(readPositionOf([Buffer.alloc(1), 0, 1, 7])).toBe(7);
    expect(readPositionOf([Buffer.alloc(1), { position: 4 }])).toBe(4);
    expect(readPositionOf([{ buffer: Buffer.alloc(1), position: 2 }])).toBe(2);
    expect(readPositionOf([Buffer.alloc(1)])).toBeUndefined();
  });
});
