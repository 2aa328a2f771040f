import { describe, expect, it } from 'vitest';
import { parseRequestLine } from './parse-request-line.js';
import { PROTOCOL_LIMITS } from './protocol.js';

describe('parseRequestLine: well-formed requests', () => {
  it('reads every request type', () => {
    expect(parseRequestLine('{"id":1,"type":"commit","tx":17,"writes":[["k1","v1"],["k2",null]]}')).toEqual({
      kind: 'request',
      request: { type: 'commit', id: 1, tx: 17, writes: [['k1', 'v1'], ['k2', null]] },
    });
    expect(parseRequestLine('{"id":2,"type":"get","key":"k1"}')).toEqual({ kind: 'request', request: { type: 'get', id: 2, key: 'k1' } });
    expect(parseRequestLine('{"id":3,"type":"dump"}')).toEqual({ kind: 'request', request: { type: 'dump', id: 3 } });
    expect(parseRequestLine('{"id":4,"type":"checkpoint"}')).toEqual({ kind: 'request', request: { type: 'checkpoint', id: 4 } });
    expect(parseRequestLine('{"type":"close","id":5}')).toEqual({ kind: 'request', request: { type: 'close', id: 5 } });
  });

  it('ignores unknown fields and accepts an empty commit and keys at the size limit', () => {
    const key = 'k'.repeat(PROTOCOL_LIMITS.keySizeBytesMax);
    expect(parseRequestLine(`{"id":0,"type":"commit","tx":0,"writes":[["${key}",""]],"note":"x"}`)).toEqual({
      kind: 'request',
      request: { type: 'commit', id: 0, tx: 0, writes: [[key, '']] },
    });
    expect(parseRequestLine('{"id":9,"type":"commit","tx":1,"writes":[]}')).toMatchObject({ kind: 'request' });
  });
});

describe('parseRequestLine: each malformed line is answered with the problem named', () => {
  const cases: readonly (readonly [name: string, line: string, id: number | null, tx: number | undefined, message: RegExp])[] = [
    ['not JSON', '{"id":1,', null, undefined, /^request line is not JSON \(.+\): \{"id":1,$/],
    ['a JSON array, not an object', '[1,2]', null, undefined, /^request must be a JSON object, got an array of 2$/],
    ['a JSON string, not an object', '"commit"', null, undefined, /^request must be a JSON object, got string "commit"$/],
    ['null', 'null', null, undefined, /^request must be a JSON object, got null$/],
    ['missing id', '{"type":"dump"}', null, undefined, /^request has no "id"$/],
    ['non-integer id', '{"id":1.5,"type":"dump"}', null, undefined, /^"id" must be a non-negative safe integer, got number 1\.5$/],
    ['string id', '{"id":"1","type":"dump"}', null, undefined, /^"id" must be a non-negative safe integer, got string "1"$/],
    ['negative id', '{"id":-1,"type":"dump"}', null, undefined, /^"id" must be a non-negative safe integer, got number -1$/],
    ['unsafe id', '{"id":1e300,"type":"dump"}', null, undefined, /^"id" must be a non-negative safe integer, got number 1e\+300$/],
    ['missing type', '{"id":3}', 3, undefined, /^request has no string "type" \(one of commit, get, dump, checkpoint, close, status, promote\), got nothing$/],
    ['unknown type', '{"id":3,"type":"put"}', 3, undefined, /^unknown request type "put" \(expected one of commit, get, dump, checkpoint, close, status, promote\)$/],
    ['commit without tx', '{"id":4,"type":"commit","writes":[]}', 4, undefined, /^commit has no "tx"$/],
    ['commit with a non-integer tx', '{"id":4,"type":"commit","tx":"7","writes":[]}', 4, undefined, /^"tx" must be a non-negative safe integer, got string "7"$/],
    ['writes missing', '{"id":5,"type":"commit","tx":7}', 5, 7, /^commit "writes" must be an array of \[key, value\] pairs, got nothing$/],
    ['writes an object', '{"id":5,"type":"commit","tx":7,"writes":{"k":"v"}}', 5, 7, /^commit "writes" must be an array of \[key, value\] pairs, got an object$/],
    ['a write that is not a pair', '{"id":5,"type":"commit","tx":7,"writes":[["k","v"],["k"]]}', 5, 7, /^writes\[1\] must be a \[key, value\] pair .*got an array of 1$/],
    ['a write that is a string', '{"id":5,"type":"commit","tx":7,"writes":["k=v"]}', 5, 7, /^writes\[0\] must be a \[key, value\] pair .*got string "k=v"$/],
    ['a numeric key', '{"id":5,"type":"commit","tx":7,"writes":[[1,"v"]]}', 5, 7, /^writes\[0\]\[0\] \(the key\) must be a string, got number 1$/],
    ['a numeric value', '{"id":5,"type":"commit","tx":7,"writes":[["k",2]]}', 5, 7, /^writes\[0\]\[1\] \(the value\) must be a string, or null to delete, got number 2$/],
    ['get without key', '{"id":6,"type":"get"}', 6, undefined, /^"key" must be a string, got nothing$/],
  ];
  for (const [name, line, id, tx, message] of cases) {
    it(name, () => {
      const parsed = parseRequestLine(line);
      expect(parsed.kind).toBe('invalid');
      if (parsed.kind !== 'invalid') return;
      expect(parsed.id).toBe(id);
      expect(parsed.tx).toBe(tx);
      expect(parsed.message).toMatch(message);
    });
  }

  it('too many writes', () => {
    const writes = JSON.stringify(Array.from({ length: PROTOCOL_LIMITS.writesPerCommitMax + 1 }, (_, index) => [`k${index}`, 'v']));
    const parsed = parseRequestLine(`{"id":7,"type":"commit","tx":8,"writes":${writes}}`);
    expect(parsed).toEqual({ kind: 'invalid', id: 7, tx: 8, message: `commit has ${PROTOCOL_LIMITS.writesPerCommitMax + 1} writes, more than the limit of ${PROTOCOL_LIMITS.writesPerCommitMax}` });
  });

  it('a key too long, counted in UTF-8 bytes', () => {
    // 400 three-byte characters: 1200 bytes, over the 1024-byte limit with only 400 characters.
    const key = '\u20ac'.repeat(400);
    const parsed = parseRequestLine(JSON.stringify({ id: 8, type: 'commit', tx: 9, writes: [['ok', 'v'], [key, 'v']] }));
    expect(parsed).toEqual({ kind: 'invalid', id: 8, tx: 9, message: 'writes[1][0] (the key) is 1200 bytes, more than the limit of 1024' });
    const getParsed = parseRequestLine(JSON.stringify({ id: 9, type: 'get', key }));
    expect(getParsed).toEqual({ kind: 'invalid', id: 9, message: '"key" is 1200 bytes, more than the limit of 1024' });
  });

  it('a value too long', () => {
    const value = 'v'.repeat(PROTOCOL_LIMITS.valueSizeBytesMax + 1);
    const parsed = parseRequestLine(JSON.stringify({ id: 10, type: 'commit', tx: 11, writes: [['k', value]] }));
    expect(parsed).toEqual({ kind: 'invalid', id: 10, tx: 11, message: `writes[0][1] (the value) is ${value.length} bytes, more than the limit of ${PROTOCOL_LIMITS.valueSizeBytesMax}` });
  });

  it('a key or value that cannot round-trip through UTF-8 (a lone surrogate), naming the field', () => {
    // Written by hand: the JSON escapes decode to a lone low surrogate in the key and a lone high one in the value.
    expect(parseRequestLine('{"id":12,"type":"commit","tx":13,"writes":[["ok","v"],["a\\udc00","v"]]}')).toEqual({
      kind: 'invalid',
      id: 12,
      tx: 13,
      message: 'writes[1][0] (the key) is not well-formed UTF-16: lone surrogate U+DC00 at index 1 cannot be stored as UTF-8',
    });
    expect(parseRequestLine('{"id":14,"type":"commit","tx":15,"writes":[["k","\\ud800"]]}')).toMatchObject({ kind: 'invalid', message: expect.stringMatching(/^writes\[0\]\[1\] \(the value\) .*U\+D800 at index 0/) });
    // A surrogate pair is one ordinary character.
    expect(parseRequestLine('{"id":16,"type":"commit","tx":17,"writes":[["k","\\ud83d\\ude00"]]}')).toMatchObject({ kind: 'request' });
  });

  it('keeps error messages short when the bad input is huge', () => {
    const parsed = parseRequestLine(`{"id":${'9'.repeat(10_000)}`);
    expect(parsed.kind).toBe('invalid');
    if (parsed.kind === 'invalid') expect(parsed.message.length).toBeLessThan(400);
  });
});
