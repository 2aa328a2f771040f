/**
 * Encodes `TraceRecord`s into the wire format documented in `trace-format.ts`.
 * A write record is returned as two chunks (its fixed-size head and the
 * caller's data, uncopied), so that a writer can hand both to one writev(2)
 * and megabytes of segment preallocation are never copied in user space.
 */
import { crc32 } from 'node:zlib';
import { assert, assertNever } from '../../engine/invariants.js';
import type { TraceRecord } from './trace-record.js';
import {
  MAX_RECORD_BODY_BYTES,
  MAX_STRING_BYTES,
  MAX_WRITE_DATA_BYTES,
  RECORD_KIND_CODES,
  RECORD_PREFIX_BYTES,
  SYNC_KIND_CODES,
  SYNC_MODE_CODES,
  TraceFormatError,
  WRITE_BODY_HEAD_BYTES,
} from './trace-format.js';

const TWO_POW_32 = 0x1_0000_0000;

/** The encoded chunks of one record, to be written back to back (one chunk, or a write's head and data). */
export function encodeTraceRecord(record: TraceRecord): readonly Uint8Array[] {
  if (record.kind === 'write') return encodeWriteRecord(record);
  const strings = stringFieldsOf(record).map((text) => encodeString(text));
  const fixedBytes = fixedFieldBytesOf(record);
  const bodyBytes = 1 + fixedBytes + strings.reduce((sum, encoded) => sum + 4 + encoded.length, 0);
  const buffer = Buffer.allocUnsafe(RECORD_PREFIX_BYTES + bodyBytes);
  buffer.writeUInt32LE(bodyBytes, 0);
  let offset = RECORD_PREFIX_BYTES;
  offset = buffer.writeUInt8(RECORD_KIND_CODES[record.kind], offset);
  offset = writeFixedFields(buffer, offset, record);
  for (const encoded of strings) {
    offset = buffer.writeUInt32LE(encoded.length, offset);
    buffer.set(encoded, offset);
    offset += encoded.length;
  }
  buffer.writeUInt32LE(checksumOf(buffer, [buffer.subarray(RECORD_PREFIX_BYTES)]), 4);
  return [buffer];
}

/** One record's bytes as a single buffer (copies a write's data; for tests and small records). */
export function encodeTraceRecordBytes(record: TraceRecord): Uint8Array {
  const chunks = encodeTraceRecord(record);
  return chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks);
}

/** The checksum of a record: CRC-32 over its length bytes, then its body chunks. */
export function checksumOf(prefix: Uint8Array, bodyChunks: readonly Uint8Array[]): number {
  let checksum = crc32(prefix.subarray(0, 4));
  for (const chunk of bodyChunks) checksum = crc32(chunk, checksum);
  return checksum >>> 0;
}

function encodeWriteRecord(record: Extract<TraceRecord, { kind: 'write' }>): readonly Uint8Array[] {
  if (record.data.length > MAX_WRITE_DATA_BYTES) {
    throw new TraceFormatError('TRACE_RECORD_TOO_LARGE', undefined, `a write of ${record.data.length} bytes exceeds the ${MAX_WRITE_DATA_BYTES}-byte record limit`);
  }
  const head = Buffer.allocUnsafe(RECORD_PREFIX_BYTES + WRITE_BODY_HEAD_BYTES);
  head.writeUInt32LE(WRITE_BODY_HEAD_BYTES + record.data.length, 0);
  let offset = RECORD_PREFIX_BYTES;
  offset = head.writeUInt8(RECORD_KIND_CODES.write, offset);
  offset = head.writeUInt32LE(record.fileId, offset);
  offset = head.writeUInt8(SYNC_MODE_CODES[record.syncMode], offset);
  offset = writeUint64(head, offset, record.offsetBytes);
  head.writeUInt32LE(record.data.length, offset);
  head.writeUInt32LE(checksumOf(head, [head.subarray(RECORD_PREFIX_BYTES), record.data]), 4);
  return record.data.length === 0 ? [head] : [head, record.data];
}

function stringFieldsOf(record: Exclude<TraceRecord, { kind: 'write' }>): readonly string[] {
  switch (record.kind) {
    case 'mkdir':
    case 'create':
    case 'open':
    case 'sync-directory':
    case 'remove':
      return [record.path];
    case 'rename':
      return [record.sourcePath, record.targetPath];
    case 'output':
      return [record.line];
    case 'fault':
      return [record.fault, record.operation, record.path];
    case 'truncate':
    case 'sync':
      return [];
    default:
      return assertNever(record, 'trace record');
  }
}

function fixedFieldBytesOf(record: Exclude<TraceRecord, { kind: 'write' }>): number {
  switch (record.kind) {
    case 'create':
      return 4;
    case 'open':
      return 4 + 1;
    case 'truncate':
      return 4 + 8;
    case 'sync':
      return 4 + 1;
    case 'mkdir':
    case 'sync-directory':
    case 'rename':
    case 'remove':
    case 'output':
    case 'fault':
      return 0;
    default:
      return assertNever(record, 'trace record');
  }
}

function writeFixedFields(buffer: Buffer, offset: number, record: Exclude<TraceRecord, { kind: 'write' }>): number {
  switch (record.kind) {
    case 'create':
      return buffer.writeUInt32LE(record.fileId, offset);
    case 'open':
      return buffer.writeUInt8(SYNC_MODE_CODES[record.syncMode], buffer.writeUInt32LE(record.fileId, offset));
    case 'truncate':
      return writeUint64(buffer, buffer.writeUInt32LE(record.fileId, offset), record.sizeBytes);
    case 'sync':
      return buffer.writeUInt8(SYNC_KIND_CODES[record.syncKind], buffer.writeUInt32LE(record.fileId, offset));
    case 'mkdir':
    case 'sync-directory':
    case 'rename':
    case 'remove':
    case 'output':
    case 'fault':
      return offset;
    default:
      return assertNever(record, 'trace record');
  }
}

function encodeString(text: string): Buffer {
  const encoded = Buffer.from(text, 'utf8');
  if (encoded.length > MAX_STRING_BYTES) {
    throw new TraceFormatError('TRACE_RECORD_TOO_LARGE', undefined, `a string of ${encoded.length} bytes exceeds the ${MAX_STRING_BYTES}-byte field limit`);
  }
  return encoded;
}

function writeUint64(buffer: Buffer, offset: number, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TraceFormatError('TRACE_BAD_RECORD', undefined, `${value} is not an unsigned integer below 2^53`);
  }
  const afterLow = buffer.writeUInt32LE(value % TWO_POW_32, offset);
  return buffer.writeUInt32LE(Math.floor(value / TWO_POW_32), afterLow);
}

// Keeps the body limit and the field limits consistent: three maximal strings fit in one body.
assert(1 + 3 * (4 + MAX_STRING_BYTES) <= MAX_RECORD_BODY_BYTES, 'trace field limits fit in the record limit');
