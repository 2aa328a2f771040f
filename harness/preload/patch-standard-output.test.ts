import { describe, expect, it } from 'vitest';
import { MAX_OUTPUT_LINE_CHARACTERS, OutputLineSplitter } from './patch-standard-output.js';

describe('OutputLineSplitter', () => {
  it('splits chunks into lines and holds a partial line until its newline', () => {
    const splitter = new OutputLineSplitter();
    expect(splitter.push('{"a":1}\n{"b"')).toEqual(['{"a":1}']);
    expect(splitter.push(':2}\n\nlast')).toEqual(['{"b":2}', '']);
    expect(splitter.flush()).toBe('last');
    expect(splitter.flush()).toBeUndefined();
  });

  it('decodes a UTF-8 character split across byte chunks', () => {
    const splitter = new OutputLineSplitter();
    const bytes = Buffer.from('é\n');
    expect(splitter.push(bytes.subarray(0, 1))).toEqual([]);
    expect(splitter.push(bytes.subarray(1))).toEqual(['é']);
  });

  it('cuts a line longer than the limit', () => {
    const splitter = new OutputLineSplitter();
    const [line] = splitter.push(`${'x'.repeat(MAX_OUTPUT_LINE_CHARACTERS + 10)}\n`);
    expect(line).toHaveLength(MAX_OUTPUT_LINE_CHARACTERS);
  });
});
