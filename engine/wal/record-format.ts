/**
 * The WAL record format. Every record is a fixed 48-byte header and a payload
 * fragment; a commit is one FULL record, or FIRST, MIDDLE..., LAST records when it
 * does not fit in what is left of a segment. All integers are little-endian.
 *
 *   offset  size  field
 *   ------  ----  ------------------------------------------------------------
 *        0     4  checksum: zlib.crc32 (IEEE) of bytes [4, totalLength)
 *        4     4  totalLength: header + payload fragment bytes, padding excluded
 *        8     1  type: 1 FULL, 2 FIRST, 3 MIDDLE, 4 LAST
 *        9     1  format version: 1
 *       10     6  reserved, zero
 *       16     8  tx: the transaction id given to commit()
 *       24     8  lsn: this record's own position in the WAL stream
 *       32     8  previousLsn: the position of the record before it (0: none)
 *       40     8  flushLsn: where the group flush that wrote this record began
 *       48        payload fragment, then zero padding to a multiple of 8
 *
 *   +--------+--------+----+---+-------+------+------+-------------+----------+---------+-----+
 *   |checksum|totalLen|type|ver|reservd|  tx  | lsn  | previousLsn | flushLsn | payload | pad |
 *   +--------+--------+----+---+-------+------+------+-------------+----------+---------+-----+
 *    0        4        8    9   10      16     24     32            40         48
 *
 * Rules the reader relies on:
 * - Records start on 8-byte boundaries. A record never starts where fewer than
 *   RECORD_START_MIN_BYTES remain in the segment; the rest of that segment is
 *   padding and the next record starts at the next segment.
 * - `lsn` equals the record's position: a record left in a recycled segment from
 *   its earlier life carries another LSN and is never replayed (PostgreSQL
 *   checks xlp_pageaddr for the same reason).
 * - `previousLsn` equals the position of the record read just before it, so bytes
 *   left by an older write at a position the log has reached again do not chain.
 * - `flushLsn` tells a torn tail from corruption: one group flush is one write and
 *   one sync, and the next flush starts only after that sync succeeded. A valid
 *   record whose flush began after a damaged spot proves the damaged bytes had
 *   been synced, so the damage is corruption, not a torn last write.
 */
import zlib from 'node:zlib';
import { assert } from '../invariants.js';
import { readUint64, writeUint64 } from './uint64-field.js';
import type { Lsn } from './lsn.js';

/** Frozen layout constants of the record header. */
export const RECORD_FORMAT = Object.freeze({
  headerBytes: 48,
  alignmentBytes: 8,
  version: 1,
  checksumOffset: 0,
  totalLengthOffset: 4,
  typeOffset: 8,
  versionOffset: 9,
  txOffset: 16,
  lsnOffset: 24,
  previousLsnOffset: 32,
  flushLsnOffset: 40,
});

/** A record may start only where at least this many bytes remain in its segment. */
export const RECORD_START_MIN_BYTES = RECORD_FORMAT.headerBytes + RECORD_FORMAT.alignmentBytes;

/** Record types: a whole commit, or the first, a middle or the last fragment of one. */
export const RECORD_TYPES = Object.freeze({ full: 1, first: 2, middle: 3, last: 4 });

/** One of the `RECORD_TYPES` names. */
export type RecordTypeName = keyof typeof RECORD_TYPES;

/** The type name of each type byte (undefined for bytes that are no type): one array read per record on the replay path. */
const TYPE_NAME_BY_BYTE: readonly (RecordTypeName | undefined)[] = Array.from({ length: 256 }, (_unused, byte) =>
  (Object.keys(RECORD_TYPES) as RecordTypeName[]).find((name) => RECORD_TYPES[name] === byte),
);

/** A decoded record header. */
export interface RecordHeader {
  readonly checksum: number;
  readonly totalLengthBytes: number;
  /** undefined when the type byte is not a known type. */
  readonly type: RecordTypeName | undefined;
  readonly version: number;
  readonly tx: number;
  readonly lsn: Lsn;
  readonly previousLsn: Lsn;
  readonly flushLsn: Lsn;
  /** False when a 64-bit field or the reserved bytes hold values this engine never writes. */
  readonly fieldsInRange: boolean;
}

/** The fields a writer supplies for one record. */
export interface RecordFields {
  readonly type: RecordTypeName;
  readonly tx: number;
  readonly lsn: Lsn;
  readonly previousLsn: Lsn;
  readonly flushLsn: Lsn;
}

/** Bytes a record with `payloadBytes` of payload occupies, padding included. */
export function alignedRecordBytes(payloadBytes: number): number {
  const total = RECORD_FORMAT.headerBytes + payloadBytes;
  return Math.ceil(total / RECORD_FORMAT.alignmentBytes) * RECORD_FORMAT.alignmentBytes;
}

/**
 * Writes one record (header + payload fragment) into `target` at `offsetBytes`
 * and returns its total length. The padding bytes are left as they are: callers
 * write into zeroed buffers.
 */
export function writeRecord(target: Buffer, offsetBytes: number, fields: RecordFields, payload: Uint8Array): number {
  const totalLengthBytes = RECORD_FORMAT.headerBytes + payload.length;
  assert(offsetBytes % RECORD_FORMAT.alignmentBytes === 0, 'records start 8-byte aligned');
  assert(offsetBytes + totalLengthBytes <= target.length, 'record fits in the target buffer');
  target.writeUInt32LE(totalLengthBytes, offsetBytes + RECORD_FORMAT.totalLengthOffset);
  target.writeUInt8(RECORD_TYPES[fields.type], offsetBytes + RECORD_FORMAT.typeOffset);
  target.writeUInt8(RECORD_FORMAT.version, offsetBytes + RECORD_FORMAT.versionOffset);
  // Six reserved bytes: stores, not Buffer.fill, whose argument checks cost more than the work (once per record).
  for (let reserved = offsetBytes + 10; reserved < offsetBytes + RECORD_FORMAT.txOffset; reserved += 1) target[reserved] = 0;
  writeUint64(target, offsetBytes + RECORD_FORMAT.txOffset, fields.tx);
  writeUint64(target, offsetBytes + RECORD_FORMAT.lsnOffset, fields.lsn);
  writeUint64(target, offsetBytes + RECORD_FORMAT.previousLsnOffset, fields.previousLsn);
  writeUint64(target, offsetBytes + RECORD_FORMAT.flushLsnOffset, fields.flushLsn);
  target.set(payload, offsetBytes + RECORD_FORMAT.headerBytes);
  const checksum = zlib.crc32(target.subarray(offsetBytes + 4, offsetBytes + totalLengthBytes));
  target.writeUInt32LE(checksum, offsetBytes + RECORD_FORMAT.checksumOffset);
  return totalLengthBytes;
}

/** Decodes the header at `offsetBytes`; the caller ensures a whole header is there. */
export function readRecordHeader(source: Buffer, offsetBytes: number): RecordHeader {
  assert(offsetBytes + RECORD_FORMAT.headerBytes <= source.length, 'a whole header is readable');
  const type = TYPE_NAME_BY_BYTE[source[offsetBytes + RECORD_FORMAT.typeOffset] ?? 0];
  const tx = readUint64(source, offsetBytes + RECORD_FORMAT.txOffset);
  const lsn = readUint64(source, offsetBytes + RECORD_FORMAT.lsnOffset);
  const previousLsn = readUint64(source, offsetBytes + RECORD_FORMAT.previousLsnOffset);
  const flushLsn = readUint64(source, offsetBytes + RECORD_FORMAT.flushLsnOffset);
  const reservedZero = source.readUInt16LE(offsetBytes + 10) === 0 && source.readUInt32LE(offsetBytes + 12) === 0;
  return {
    checksum: source.readUInt32LE(offsetBytes + RECORD_FORMAT.checksumOffset),
    totalLengthBytes: source.readUInt32LE(offsetBytes + RECORD_FORMAT.totalLengthOffset),
    type,
    version: source.readUInt8(offsetBytes + RECORD_FORMAT.versionOffset),
    tx: tx ?? -1,
    lsn: lsn ?? -1,
    previousLsn: previousLsn ?? -1,
    flushLsn: flushLsn ?? -1,
    fieldsInRange: reservedZero && tx !== undefined && lsn !== undefined && previousLsn !== undefined && flushLsn !== undefined,
  };
}

/** True when the stored checksum matches bytes [4, totalLength) of the record at `offsetBytes`. */
export function recordChecksumMatches(source: Buffer, offsetBytes: number, header: RecordHeader): boolean {
  const end = offsetBytes + header.totalLengthBytes;
  if (header.totalLengthBytes < RECORD_FORMAT.headerBytes || end > source.length) return false;
  return zlib.crc32(source.subarray(offsetBytes + 4, end)) === header.checksum;
}

/** Reads only the `lsn` field: the cheap first test of the forward scan for valid records. */
export function readRecordLsn(source: Buffer, offsetBytes: number): Lsn | undefined {
  return readUint64(source, offsetBytes + RECORD_FORMAT.lsnOffset);
}
