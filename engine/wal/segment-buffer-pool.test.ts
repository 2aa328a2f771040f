import { describe, expect, it } from 'vitest';
import { giveBackZeroedBuffer, takeZeroedBuffer } from './segment-buffer-pool.js';

describe('the segment buffer pool', () => {
  it('hands a given-back buffer out again cleared as far as it was written, and never to two holders', () => {
    const sizeBytes = 64 * 1024;
    const first = takeZeroedBuffer(sizeBytes);
    first.fill(0xab, 0, 5000);
    giveBackZeroedBuffer(first, 5000);
    const second = takeZeroedBuffer(sizeBytes);
    expect(second).toBe(first);
    expect(second.every((byte) => byte === 0)).toBe(true);
    // The pool is empty while `second` is held: the next taker gets its own buffer.
    const third = takeZeroedBuffer(sizeBytes);
    expect(third).not.toBe(second);
    giveBackZeroedBuffer(second, 0);
    // A buffer of another size is never reused.
    expect(takeZeroedBuffer(sizeBytes * 2)).not.toBe(second);
    expect(takeZeroedBuffer(sizeBytes)).toBe(second);
  });
});
