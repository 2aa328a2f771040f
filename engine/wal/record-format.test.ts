import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeCommitPayload, encodeCommitPayload } from './commit-payload.js';
import { alignedRecordBytes, readRecordHeader, recordChecksumMatches, RECORD_FORMAT, writeRecord } from './record-format.js';
import { annotatedHex } from '../test-support/annotated-hex.js';

// One FULL record, field by field, as documented at the top of record-format.ts.
const GOLDEN_RECORD = annotatedHex(`
  30a204fd                # checksum: crc32 of bytes [4, 75)
  4b000000                # totalLength 75 = 48 header + 27 payload
  01                      # type FULL
  01                      # format version 1
  000000000000            # reserved
  0700000000000000        # tx 7
  0010000001000000        # lsn 0x1_00001000 (log id 1)
  f80f000000000000        # previousLsn 0xFF8
  0010000001000000        # flushLsn = lsn (first record of its flush)
  02000000                # payload: 2 changes
  01 00 0100 02000000 6b 7631          # put 'k' = 'v1'
  02 00 0400 00000000 676f6e65         # delete 'gone'
  0000000000              # padding to 80 bytes
`);

describe('WAL record format', () => {
  it('encodes a record to the documented golden bytes', () => {
    const payload = encodeCommitPayload([['k', 'v1'], ['gone', null]]);
    const record = Buffer.alloc(alignedRecordBytes(payload.length));
    writeRecord(record, 0, { type: 'full', tx: 7, lsn: 0x1_0000_1000, previousLsn: 0xff8, flushLsn: 0x1_0000_1000 }, payload);
    expect(record.toString('hex')).toBe(GOLDEN_RECORD);
    expect(zlib.crc32(record.subarray(4, 75))).toBe(record.readUInt32LE(0));
  });

  it('decodes the golden bytes back to the same fields and payload', () => {
    const record = Buffer.from(GOLDEN_RECORD, 'hex');
    const header = readRecordHeader(record, 0);
    expect(header).toMatchObject({ type: 'full', version: 1, tx: 7, lsn: 0x1_0000_1000, previousLsn: 0xff8, flushLsn: 0x1_0000_1000, totalLengthBytes: 75, fieldsInRange: true });
    expect(recordChecksumMatches(record, 0, header)).toBe(true);
    expect(decodeCommitPayload(record.subarray(RECORD_FORMAT.headerBytes, 75))).toEqual([['k', 'v1'], ['gone', null]]);
  });

  it('detects a flipped bit anywhere in the checksummed range', () => {
    for (const offset of [4, 8, 20, 30, 40, 50, 74]) {
      const record = Buffer.from(GOLDEN_RECORD, 'hex');
      record[offset] = (record[offset] ?? 0) ^ 0x10;
      expect(recordChecksumMatches(record, 0, readRecordHeader(record, 0))).toBe(false);
    }
  });

  it('rejects commit payloads whose lengths do not add up', () => {
    const payload = encodeCommitPayload([['key', 'value']]);
    expect(decodeCommitPayload(payload)).toEqual([['key', 'value']]);
    expect(decodeCommitPayload(payload.subarray(0, payload.length - 1))).toBeUndefined();
    expect(decodeCommitPayload(Buffer.concat([payload, Buffer.alloc(1)]))).toBeUndefined();
    const badKind = Buffer.from(payload);
    badKind[4] = 9;
    expect(decodeCommitPayload(badKind)).toBeUndefined();
  });

  it('round-trips multi-byte UTF-8 keys and values', () => {
    const writes = [['clé', 'värde ✓'], ['空', null]] as const;
    expect(decodeCommitPayload(encodeCommitPayload(writes))).toEqual(writes);
  });
});
