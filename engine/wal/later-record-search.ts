/**
 * The search that tells a torn tail from corruption. After the scan stops at a
 * bad spot, it looks through the rest of that segment and EVERY existing
 * segment after it (no bounded look-ahead: a group flush of large values can
 * span any number of segments) for a valid record written by a LATER group
 * flush (its `flushLsn` is past the bad spot). A flush starts only after the
 * previous flush's sync succeeded, so such a record proves the bad bytes had
 * been synced: they are corruption. Records of the same torn flush do not count:
 * a power cut during one write may keep any subset of its blocks.
 *
 * It stays cheap on large logs: a candidate must carry its own position in its
 * `lsn` field, which is compared as two 32-bit words per 8-byte slot before
 * anything else is decoded; zeros and stale records of recycled segments fail
 * that test at once.
 */
import type { Lsn } from './lsn.js';
import { RECORD_FORMAT, readRecordHeader, recordChecksumMatches } from './record-format.js';
import type { SegmentGeometry } from './segment-geometry.js';
import { SEGMENT_HEADER_FORMAT } from './segment-header.js';
import type { SegmentSource } from './segment-source.js';

const TWO_POW_32 = 0x1_0000_0000;

/** The position of a valid record from a flush that began after `stopLsn`, or undefined. */
export function findLaterFlushRecord(
  geometry: SegmentGeometry,
  source: SegmentSource,
  stopLsn: Lsn,
  verifyChecksum: boolean,
): Lsn | undefined {
  const firstSegment = geometry.segmentNumberOf(stopLsn);
  for (const segmentNumber of source.segmentNumbersFrom(firstSegment)) {
    const segment = source.readSegment(segmentNumber);
    if (segment.kind !== 'ok') continue;
    const fromOffset = segmentNumber === firstSegment ? geometry.offsetInSegment(stopLsn) + RECORD_FORMAT.alignmentBytes : 0;
    let found: Lsn | undefined;
    forEachPositionedRecord(
      geometry,
      segmentNumber,
      segment.bytes,
      fromOffset,
      (offset) => {
        const header = readRecordHeader(segment.bytes, offset);
        if (header.type === undefined || !header.fieldsInRange) return false;
        if (header.flushLsn <= stopLsn || header.flushLsn > header.lsn) return false;
        if (verifyChecksum && !recordChecksumMatches(segment.bytes, offset, header)) return false;
        found = header.lsn;
        return true;
      },
      segment.dataEndBytes ?? segment.bytes.length,
    );
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Calls `visit` with the offset of every 8-byte slot at or after `fromOffset`
 * (past the segment header) whose `lsn` field holds the slot's own position,
 * until `visit` returns true. Slots at or past `dataEndBytes` (where the
 * segment is known to hold only zeros) are not looked at: their `lsn` field is
 * zero, which is never a position.
 */
export function forEachPositionedRecord(
  geometry: SegmentGeometry,
  segmentNumber: number,
  segment: Buffer,
  fromOffset: number,
  visit: (offsetBytes: number) => boolean,
  dataEndBytes: number = segment.length,
): void {
  const words = wordView(segment);
  const segmentStart = geometry.segmentStartLsn(segmentNumber);
  const alignment = RECORD_FORMAT.alignmentBytes;
  const first = Math.max(SEGMENT_HEADER_FORMAT.headerBytes, Math.ceil(fromOffset / alignment) * alignment);
  // The last slot looked at: one that fits a record header and starts before the known zeros.
  const last = Math.min(segment.length - RECORD_FORMAT.headerBytes, Math.floor((dataEndBytes - 1) / alignment) * alignment);
  const lsnWord = RECORD_FORMAT.lsnOffset / 4;
  // The high word of a position changes at most once inside a segment (segments
  // never straddle a 4 GiB boundary), so it is computed once.
  const high = Math.floor(segmentStart / TWO_POW_32);
  const lowBase = segmentStart % TWO_POW_32;
  for (let chunkStart = first; chunkStart <= last; chunkStart += SKIP_CHUNK_BYTES) {
    const chunkEnd = Math.min(last + alignment, chunkStart + SKIP_CHUNK_BYTES);
    // A slot's lsn field is never zero (segment 0 is never used), so a chunk
    // whose lsn fields all lie in zeros holds no candidate: one native compare
    // skips it (preallocated segments are mostly zeros).
    const lsnFieldsStart = chunkStart + RECORD_FORMAT.lsnOffset;
    const lsnFieldsEnd = chunkEnd - alignment + RECORD_FORMAT.lsnOffset + 8;
    if (segment.compare(ZEROS, 0, lsnFieldsEnd - lsnFieldsStart, lsnFieldsStart, lsnFieldsEnd) === 0) continue;
    for (let offset = chunkStart; offset < chunkEnd; offset += alignment) {
      const index = offset / 4 + lsnWord;
      if (words[index] !== lowBase + offset || words[index + 1] !== high) continue;
      if (visit(offset)) return;
    }
  }
}

/** Slots checked per zero test. */
const SKIP_CHUNK_BYTES = 4096;
const ZEROS = Buffer.alloc(SKIP_CHUNK_BYTES + 8);

/** A 32-bit little-endian word view of a buffer (copied when the buffer is not 4-byte aligned). */
function wordView(segment: Buffer): Uint32Array {
  if (segment.byteOffset % 4 === 0) return new Uint32Array(segment.buffer, segment.byteOffset, Math.floor(segment.length / 4));
  const copy = new Uint8Array(segment.length);
  copy.set(segment);
  return new Uint32Array(copy.buffer, 0, Math.floor(segment.length / 4));
}
