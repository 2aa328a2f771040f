import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { TraceRecord } from './trace-record.js';
import { MAX_STRING_BYTES, TraceFormatError, encodeTraceFileHeader } from './trace-format.js';
import { encodeTraceRecordBytes } from './trace-record-encoder.js';
import { readTraceBytes } from './trace-reader.js';

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

function traceOf(records: readonly TraceRecord[]): Buffer {
  return Buffer.concat([encodeTraceFileHeader(), ...records.map((record) => encodeTraceRecordBytes(record))]);
}

/** One record of every kind, with awkward values (UTF-8, offsets above 2^32, empty data). */
const EVERY_KIND: readonly TraceRecord[] = [
  { kind: 'mkdir', path: 'wal' },
  { kind: 'create', path: 'wal/000000010000000000000001', fileId: 1 },
  { kind: 'open', path: 'wal/000000010000000000000001', fileId: 1, syncMode: 'dsync' },
  { kind: 'write', fileId: 1, offsetBytes: 2 ** 40 + 3, data: new Uint8Array([0, 1, 2, 255]), syncMode: 'sync' },
  { kind: 'write', fileId: 1, offsetBytes: 0, data: new Uint8Array(0), syncMode: 'none' },
  { kind: 'truncate', fileId: 1, sizeBytes: 2 ** 33 },
  { kind: 'sync', fileId: 1, syncKind: 'fsync' },
  { kind: 'sync', fileId: 1, syncKind: 'fdatasync' },
  { kind: 'sync-directory', path: '.' },
  { kind: 'rename', sourcePath: 'données.tmp', targetPath: 'données' },
  { kind: 'remove', path: 'old' },
  { kind: 'output', line: '{"id":1,"type":"ack","tx":17,"lsn":"0/16B460"}' },
  { kind: 'fault', fault: 'eio-fsync', operation: 'sync', path: 'wal/x' },
];

describe('trace format: golden bytes', () => {
  // Computed independently with Python's struct and zlib.crc32 from the layout documented in trace-format.ts.
  it('pins the file header', () => {
    expect(hex(encodeTraceFileHeader())).toBe('554e504c5547545201000000');
  });

  it('pins a sync record (the worked example)', () => {
    expect(hex(encodeTraceRecordBytes({ kind: 'sync', fileId: 3, syncKind: 'fdatasync' }))).toBe('060000006ab16a08060300000001');
  });

  it('pins a write record with an offset above 2^32', () => {
    const record: TraceRecord = { kind: 'write', fileId: 7, offsetBytes: 2 ** 32 + 5, data: new TextEncoder().encode('abc'), syncMode: 'dsync' };
    expect(hex(encodeTraceRecordBytes(record))).toBe('15000000ab23bfbb040700000001050000000100000003000000616263');
  });

  it('pins rename, output and open records', () => {
    expect(hex(encodeTraceRecordBytes({ kind: 'rename', sourcePath: 'a.tmp', targetPath: 'a' }))).toBe('0f000000c40c27680805000000612e746d700100000061');
    expect(hex(encodeTraceRecordBytes({ kind: 'output', line: '{"id":1,"type":"ack"}' }))).toBe(
      '1a000000fa7b86c80a150000007b226964223a312c2274797065223a2261636b227d',
    );
    expect(hex(encodeTraceRecordBytes({ kind: 'open', path: 'wal/x', fileId: 2, syncMode: 'sync' }))).toBe('0f000000993b81e20302000000020500000077616c2f78');
  });
});

describe('trace format: decoding', () => {
  it('round-trips a record of every kind', () => {
    const decoded = readTraceBytes(traceOf(EVERY_KIND));
    expect(decoded.tornTailBytes).toBe(0);
    expect(decoded.records).toEqual(EVERY_KIND);
  });

  it('reads an empty file and a bare header as an empty trace', () => {
    expect(readTraceBytes(new Uint8Array(0))).toEqual({ records: [], tornTailBytes: 0, validLengthBytes: 0 });
    expect(readTraceBytes(encodeTraceFileHeader())).toEqual({ records: [], tornTailBytes: 0, validLengthBytes: 12 });
  });

  it('drops a torn final record at every possible cut and counts its bytes', () => {
    const whole = traceOf(EVERY_KIND);
    const lastRecordBytes = encodeTraceRecordBytes(EVERY_KIND[EVERY_KIND.length - 1] as TraceRecord).length;
    for (let cutBytes = 1; cutBytes < lastRecordBytes; cutBytes += 1) {
      const decoded = readTraceBytes(whole.subarray(0, whole.length - cutBytes));
      expect(decoded.records).toEqual(EVERY_KIND.slice(0, -1));
      expect(decoded.tornTailBytes).toBe(lastRecordBytes - cutBytes);
      expect(decoded.validLengthBytes).toBe(whole.length - lastRecordBytes);
    }
  });

  it('treats a torn header as an empty trace with a torn tail', () => {
    expect(readTraceBytes(encodeTraceFileHeader().subarray(0, 5))).toEqual({ records: [], tornTailBytes: 5, validLengthBytes: 0 });
  });

  it('fails on a flipped byte in a middle record, naming its offset', () => {
    const whole = traceOf(EVERY_KIND);
    const secondRecordOffset = 12 + encodeTraceRecordBytes(EVERY_KIND[0] as TraceRecord).length;
    const corrupt = Buffer.from(whole);
    corrupt[secondRecordOffset + 12] = (corrupt[secondRecordOffset + 12] ?? 0) ^ 0x01;
    try {
      readTraceBytes(corrupt);
      expect.unreachable('a corrupt trace must not decode');
    } catch (error) {
      expect(error).toBeInstanceOf(TraceFormatError);
      expect((error as TraceFormatError).code).toBe('TRACE_BAD_CHECKSUM');
      expect((error as TraceFormatError).offsetBytes).toBe(secondRecordOffset);
      expect((error as TraceFormatError).message).toContain(`byte offset ${secondRecordOffset}`);
    }
  });

  it('fails on a corrupted length in the middle rather than misframing', () => {
    const whole = traceOf(EVERY_KIND);
    const corrupt = Buffer.from(whole);
    corrupt.writeUInt32LE(corrupt.readUInt32LE(12) + 1, 12);
    expect(() => readTraceBytes(corrupt)).toThrow(/byte offset 12 \(TRACE_BAD_CHECKSUM\)/);
  });

  it('fails on a zero length, an unknown kind, and fields that do not fill the body', () => {
    const header = encodeTraceFileHeader();
    expect(() => readTraceBytes(Buffer.concat([header, Buffer.alloc(8)]))).toThrow(/record length 0 .* at byte offset 12 \(TRACE_BAD_RECORD\)/);
    expect(() => readTraceBytes(Buffer.concat([header, recordWithBody(Buffer.from([99]))]))).toThrow(/unknown record kind 99 at byte offset 12/);
    // A sync record with one extra byte after its fields.
    expect(() => readTraceBytes(Buffer.concat([header, recordWithBody(Buffer.from([6, 1, 0, 0, 0, 0, 7]))]))).toThrow(/left over .* at byte offset 12/);
    // A mkdir whose string length runs past the body.
    expect(() => readTraceBytes(Buffer.concat([header, recordWithBody(Buffer.from([1, 9, 0, 0, 0, 97]))]))).toThrow(/run past the record length at byte offset 12/);
    // A sync record with an unknown syncKind.
    expect(() => readTraceBytes(Buffer.concat([header, recordWithBody(Buffer.from([6, 1, 0, 0, 0, 9]))]))).toThrow(/unknown syncKind 9/);
  });

  it('fails on a bad magic or version', () => {
    const badMagic = Buffer.from(encodeTraceFileHeader());
    badMagic[0] = 0x58;
    expect(() => readTraceBytes(badMagic)).toThrow(/TRACE_BAD_HEADER/);
    expect(() => readTraceBytes(Buffer.from('XY'))).toThrow(/TRACE_BAD_HEADER/);
    const badVersion = Buffer.from(encodeTraceFileHeader());
    badVersion.writeUInt16LE(2, 8);
    expect(() => readTraceBytes(badVersion)).toThrow(/version 2 .* at byte offset 8 \(TRACE_BAD_VERSION\)/);
  });

  it('refuses to encode a string over the field limit or an unsafe offset', () => {
    expect(() => encodeTraceRecordBytes({ kind: 'output', line: 'x'.repeat(MAX_STRING_BYTES + 1) })).toThrow(/TRACE_RECORD_TOO_LARGE/);
    expect(() => encodeTraceRecordBytes({ kind: 'truncate', fileId: 1, sizeBytes: 2 ** 53 })).toThrow(/below 2\^53/);
  });
});

/** A record with a valid length and checksum around an arbitrary body. */
function recordWithBody(body: Buffer): Buffer {
  const prefix = Buffer.alloc(8);
  prefix.writeUInt32LE(body.length, 0);
  prefix.writeUInt32LE(crc32(body, crc32(prefix.subarray(0, 4))) >>> 0, 4);
  return Buffer.concat([prefix, body]);
}
