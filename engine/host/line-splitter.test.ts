import { describe, expect, it } from 'vitest';
import { LineSplitter, type LineEvent } from './line-splitter.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function splitAll(splitter: LineSplitter, chunks: readonly Uint8Array[]): LineEvent[] {
  const events: LineEvent[] = [];
  for (const chunk of chunks) events.push(...splitter.push(chunk));
  events.push(...splitter.end());
  return events;
}

describe('LineSplitter', () => {
  it('splits lines across arbitrary chunk boundaries, including inside a UTF-8 character', () => {
    const text = 'first\nsecond \u20ac line\r\n\nlast without newline';
    const encoded = bytes(text);
    // Every split point of the stream gives the same lines.
    for (let cut = 0; cut <= encoded.length; cut += 1) {
      const events = splitAll(new LineSplitter(64), [encoded.subarray(0, cut), encoded.subarray(cut)]);
      expect(events).toEqual([
        { kind: 'line', text: 'first' },
        { kind: 'line', text: 'second \u20ac line' },
        { kind: 'line', text: '' },
        { kind: 'line', text: 'last without newline' },
      ]);
    }
  });

  it('gives nothing at the end when the stream ended with a newline', () => {
    const splitter = new LineSplitter(16);
    expect(splitter.push(bytes('a\n'))).toEqual([{ kind: 'line', text: 'a' }]);
    expect(splitter.end()).toEqual([]);
  });

  it('reports a line over the limit once, as soon as it crosses it, and skips it to its newline', () => {
    const splitter = new LineSplitter(8);
    expect(splitter.push(bytes('ok\n12345'))).toEqual([{ kind: 'line', text: 'ok' }]);
    // Nine bytes may still be eight plus a carriage return; the tenth crosses the limit.
    expect(splitter.push(bytes('6789'))).toEqual([]);
    expect(splitter.push(bytes('0'))).toEqual([{ kind: 'too-long', limitBytes: 8 }]);
    expect(splitter.push(bytes('more and more bytes'))).toEqual([]);
    expect(splitter.push(bytes('end\nnext\n'))).toEqual([{ kind: 'line', text: 'next' }]);
    expect(splitter.end()).toEqual([]);
  });

  it('accepts a line of exactly the limit, also with a carriage return', () => {
    expect(splitAll(new LineSplitter(4), [bytes('abcd\nabcd\r\nabcde\n')])).toEqual([
      { kind: 'line', text: 'abcd' },
      { kind: 'line', text: 'abcd' },
      { kind: 'too-long', limitBytes: 4 },
    ]);
  });

  it('reports a too-long unterminated final line once', () => {
    expect(splitAll(new LineSplitter(4), [bytes('abcdefgh')])).toEqual([{ kind: 'too-long', limitBytes: 4 }]);
  });

  it('reports a line that is not UTF-8 and goes on', () => {
    const invalid = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d, 0x0a]);
    expect(splitAll(new LineSplitter(16), [invalid, bytes('fine\n')])).toEqual([
      { kind: 'invalid-utf8', sizeBytes: 4 },
      { kind: 'line', text: 'fine' },
    ]);
  });

  it('does not keep a reference to chunks the stream may reuse', () => {
    const splitter = new LineSplitter(16);
    const chunk = bytes('abc');
    splitter.push(chunk);
    chunk.fill(0x78);
    expect(splitter.push(bytes('\n'))).toEqual([{ kind: 'line', text: 'abc' }]);
  });
});
