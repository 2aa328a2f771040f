import { describe, expect, it } from 'vitest';
import { encodeResponse } from './encode-response.js';

// Golden lines: the exact bytes on the wire. A change here is a protocol change.
describe('encodeResponse golden lines', () => {
  it('ready, with the recovery report in its documented field order', () => {
    expect(
      encodeResponse({
        type: 'ready',
        lsn: '0/16B3D0',
        // Built in a scrambled order on purpose: the encoder fixes the order.
        recovery: { durationMs: 3, commitsReplayed: 2, endLsn: '0/16B3D0', outcome: 'torn-tail', tornBytesTruncated: 40, checkpointLsn: '0/0' },
      }),
    ).toBe('{"type":"ready","lsn":"0/16B3D0","recovery":{"outcome":"torn-tail","checkpointLsn":"0/0","endLsn":"0/16B3D0","commitsReplayed":2,"tornBytesTruncated":40,"durationMs":3}}');
  });

  it('fatal, with and without a location', () => {
    expect(encodeResponse({ type: 'fatal', code: 'CORRUPT', message: 'bad checksum', offsetBytes: 4096, segment: '000000010000000000000001' })).toBe(
      '{"type":"fatal","code":"CORRUPT","message":"bad checksum","segment":"000000010000000000000001","offsetBytes":4096}',
    );
    expect(encodeResponse({ type: 'fatal', code: 'EIO', message: 'open failed' })).toBe('{"type":"fatal","code":"EIO","message":"open failed"}');
  });

  it('ack', () => {
    expect(encodeResponse({ lsn: '0/16B460', tx: 17, type: 'ack', id: 1 })).toBe('{"id":1,"type":"ack","tx":17,"lsn":"0/16B460"}');
  });

  it('error, for a commit, without an id, and injected', () => {
    expect(encodeResponse({ type: 'error', id: 1, tx: 17, code: 'EIO', message: 'fdatasync failed' })).toBe(
      '{"id":1,"type":"error","tx":17,"code":"EIO","message":"fdatasync failed"}',
    );
    expect(encodeResponse({ type: 'error', id: null, code: 'BAD_REQUEST', message: 'request has no "id"' })).toBe(
      '{"id":null,"type":"error","code":"BAD_REQUEST","message":"request has no \\"id\\""}',
    );
    expect(encodeResponse({ type: 'error', id: 2, tx: 3, code: 'EIO', message: 'injected EIO: sync wal', injected: true })).toBe(
      '{"id":2,"type":"error","tx":3,"code":"EIO","message":"injected EIO: sync wal","injected":true}',
    );
  });

  it('value, present and absent', () => {
    expect(encodeResponse({ type: 'value', id: 2, value: 'v1' })).toBe('{"id":2,"type":"value","value":"v1"}');
    expect(encodeResponse({ type: 'value', id: 2, value: null })).toBe('{"id":2,"type":"value","value":null}');
  });

  it('dump', () => {
    expect(encodeResponse({ type: 'dump', id: 3, entries: [['k1', 'v1'], ['k2', 'line\nbreak']], lsn: '0/40' })).toBe(
      '{"id":3,"type":"dump","entries":[["k1","v1"],["k2","line\\nbreak"]],"lsn":"0/40"}',
    );
  });

  it('ok', () => {
    expect(encodeResponse({ type: 'ok', id: 4 })).toBe('{"id":4,"type":"ok"}');
  });
});
