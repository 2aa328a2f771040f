import { describe, expect, it } from 'vitest';
import { encodeChangeLine, parseChangeLine } from './change-line.js';

describe('the change line', () => {
  it('has a pinned form (golden) and parses back', () => {
    const change = { lsn: 0x1030, tx: 7, key: 'a', old: null, new: 'x', write: 0, writes: 2 };
    const line = encodeChangeLine(change);
    expect(line).toBe('{"lsn":"0/1030","tx":7,"key":"a","old":null,"new":"x","write":0,"writes":2}');
    expect(parseChangeLine(line)).toEqual(change);
    expect(parseChangeLine('{"lsn":"0/1030","tx":7,"key":"b","old":"y","new":null,"write":1,"writes":2}')).toEqual({ lsn: 0x1030, tx: 7, key: 'b', old: 'y', new: null, write: 1, writes: 2 });
  });

  it('names what is wrong with a bad line', () => {
    expect(parseChangeLine('nope')).toMatch(/^not JSON/);
    expect(parseChangeLine('{"lsn":"zz","tx":1}')).toMatch(/"lsn" is not an LSN/);
    expect(parseChangeLine('{"lsn":"0/10","tx":1,"key":"k","old":null,"new":1,"write":0,"writes":1}')).toMatch(/"old" and "new"/);
    expect(parseChangeLine('{"lsn":"0/10","tx":1,"key":"k","old":null,"new":null,"write":1,"writes":1}')).toMatch(/0 <= write < writes/);
  });
});
