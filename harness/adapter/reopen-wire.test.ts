// The reopen capability's lines as the kit writes and reads them, pinned byte for byte
// (the format is documented in engine/host/protocol.ts).
import { describe, expect, it } from 'vitest';
import { encodeReadyWithReopen, encodeReopenAnswer, parseReopenLine } from './reopen-wire.js';

const READY = { type: 'ready', lsn: '0/1C', recovery: { outcome: 'clean-end', checkpointLsn: '0/0', endLsn: '0/1C', commitsReplayed: 2, tornBytesTruncated: 0, durationMs: 1 } } as const;

describe('reopen wire', () => {
  it('lists the capability after the ready fields', () => {
    expect(encodeReadyWithReopen(READY)).toBe(
      '{"type":"ready","lsn":"0/1C","recovery":{"outcome":"clean-end","checkpointLsn":"0/0","endLsn":"0/1C","commitsReplayed":2,"tornBytesTruncated":0,"durationMs":1},"capabilities":["reopen"]}',
    );
  });

  it('answers a reopen with the start line and the id first', () => {
    expect(encodeReopenAnswer(9, READY)).toBe('{"id":9,"type":"ready","lsn":"0/1C","recovery":{"outcome":"clean-end","checkpointLsn":"0/0","endLsn":"0/1C","commitsReplayed":2,"tornBytesTruncated":0,"durationMs":1}}');
    expect(encodeReopenAnswer(3, { type: 'fatal', code: 'CORRUPT', message: 'line 3' })).toBe('{"id":3,"type":"fatal","code":"CORRUPT","message":"line 3"}');
  });

  it('reads reopen lines, names what is wrong with a bad one, and leaves every other line alone', () => {
    expect(parseReopenLine('{"id":4,"type":"reopen","dir":"/d/2"}')).toEqual({ kind: 'reopen', request: { type: 'reopen', id: 4, dir: '/d/2' } });
    expect(parseReopenLine('{"id":4,"type":"reopen"}')).toEqual({ kind: 'invalid', id: 4, message: 'a reopen request needs a non-empty string "dir", got none' });
    expect(parseReopenLine('{"id":-1,"type":"reopen","dir":"d"}')).toEqual({ kind: 'invalid', id: null, message: 'a reopen request needs a non-negative integer "id", got -1' });
    expect(parseReopenLine('{"id":1,"type":"commit","tx":1,"writes":[["reopen","v"]]}')).toBeUndefined();
    expect(parseReopenLine('{"id":1,"type":"get","key":"\\"reopen\\""}')).toBeUndefined();
    expect(parseReopenLine('not json "reopen"')).toBeUndefined();
  });
});
