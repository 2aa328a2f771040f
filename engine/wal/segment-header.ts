/**
 * The segment header: the first 48 bytes of every WAL segment file. It is
 * written when the segment is prepared (created zero-filled, or recycled from an
 * old segment), synced BEFORE the file gets its segment name, and never changes
 * while the segment is in use. Records start right after it. Little-endian:
 *
 *   offset  size  field
 *   ------  ----  -------------------------------------------------------------
 *        0     4  checksum: zlib.crc32 (IEEE) of bytes [4, 48)
 *        4     4  magic "UPWS" (0x55 0x50 0x57 0x53)
 *        8     2  format version: 1
 *       10     2  reserved, zero
 *       12     4  segment size in bytes
 *       16     8  store id: the id the control file was created with
 *       24     8  segment number: the position this file was prepared for
 *       32     8  preparedAtLsn: the durable end of the log when it was prepared
 *       40     8  reserved, zero
 *
 *   +--------+-------+---+----+---------+----------+----------+---------------+------+
 *   |checksum| magic |ver|rsvd| segSize | store id | segment  | preparedAtLsn | rsvd |
 *   +--------+-------+---+----+---------+----------+----------+---------------+------+
 *    0        4       8   10   12        16         24         32              40     48
 *
 * Why each field is there:
 * - `store id` and `segment number` name the file's own place: a segment copied
 *   from another store, swapped with another one or renamed is recognised as
 *   damage wherever it sits, not read as the end of the log.
 * - `preparedAtLsn` is a proof that the log reached at least that far: every
 *   commit before it had been synced when the header was written. A log that
 *   stops earlier lost synced commits (a deleted or zeroed segment) and recovery
 *   refuses it instead of guessing that the log ended there.
 */
import zlib from 'node:zlib';
import { readUint64, writeUint64 } from './uint64-field.js';
import type { Lsn } from './lsn.js';

/** Frozen layout constants of the segment header. */
export const SEGMENT_HEADER_FORMAT = Object.freeze({
  headerBytes: 48,
  magic: 'UPWS',
  version: 1,
  checksumOffset: 0,
  magicOffset: 4,
  versionOffset: 8,
  segmentSizeOffset: 12,
  storeIdOffset: 16,
  segmentNumberOffset: 24,
  preparedAtLsnOffset: 32,
});

/** What a segment header records. */
export interface SegmentHeader {
  readonly segmentSizeBytes: number;
  readonly storeId: number;
  readonly segmentNumber: number;
  readonly preparedAtLsn: Lsn;
}

/** Encodes a segment header into its 48 bytes. */
export function encodeSegmentHeader(header: SegmentHeader): Buffer {
  const bytes = Buffer.alloc(SEGMENT_HEADER_FORMAT.headerBytes);
  bytes.write(SEGMENT_HEADER_FORMAT.magic, SEGMENT_HEADER_FORMAT.magicOffset, 'ascii');
  bytes.writeUInt16LE(SEGMENT_HEADER_FORMAT.version, SEGMENT_HEADER_FORMAT.versionOffset);
  bytes.writeUInt32LE(header.segmentSizeBytes, SEGMENT_HEADER_FORMAT.segmentSizeOffset);
  writeUint64(bytes, SEGMENT_HEADER_FORMAT.storeIdOffset, header.storeId);
  writeUint64(bytes, SEGMENT_HEADER_FORMAT.segmentNumberOffset, header.segmentNumber);
  writeUint64(bytes, SEGMENT_HEADER_FORMAT.preparedAtLsnOffset, header.preparedAtLsn);
  bytes.writeUInt32LE(zlib.crc32(bytes.subarray(4)), SEGMENT_HEADER_FORMAT.checksumOffset);
  return bytes;
}

/** Decodes the header at the start of `bytes`; returns a reason string when it is not a whole, valid header. */
export function decodeSegmentHeader(bytes: Uint8Array): SegmentHeader | string {
  if (bytes.length < SEGMENT_HEADER_FORMAT.headerBytes) return `segment header needs ${SEGMENT_HEADER_FORMAT.headerBytes} bytes, found ${bytes.length}`;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, SEGMENT_HEADER_FORMAT.headerBytes);
  if (buffer.readUInt32LE(0) === 0 && buffer.readUInt32LE(4) === 0) return 'segment header is zero-filled';
  if (buffer.toString('ascii', 4, 8) !== SEGMENT_HEADER_FORMAT.magic) return 'segment header magic mismatch';
  if (zlib.crc32(buffer.subarray(4)) !== buffer.readUInt32LE(0)) return 'segment header checksum mismatch';
  const version = buffer.readUInt16LE(SEGMENT_HEADER_FORMAT.versionOffset);
  if (version !== SEGMENT_HEADER_FORMAT.version) return `segment header version ${version} is not supported`;
  const storeId = readUint64(buffer, SEGMENT_HEADER_FORMAT.storeIdOffset);
  const segmentNumber = readUint64(buffer, SEGMENT_HEADER_FORMAT.segmentNumberOffset);
  const preparedAtLsn = readUint64(buffer, SEGMENT_HEADER_FORMAT.preparedAtLsnOffset);
  if (storeId === undefined || segmentNumber === undefined || preparedAtLsn === undefined) return 'segment header field out of range';
  return { segmentSizeBytes: buffer.readUInt32LE(SEGMENT_HEADER_FORMAT.segmentSizeOffset), storeId, segmentNumber, preparedAtLsn };
}
