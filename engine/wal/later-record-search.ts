/**
 * The bounded forward search that tells a torn tail from corruption. After the
 * scan stops at a bad spot, it looks through the rest of that segment and the
 * whole next one for a valid record written by a LATER group flush (its
 * `flushLsn` is past the bad spot). A flush starts only after the previous
 * flush's sync succeeded, so such a record proves the bad bytes had been synced:
 * they are corruption. Records of the same torn flush do not count: a power cut
 * during one write may keep any subset of its blocks.
 */
import type { Lsn } from './lsn.js';
import { RECORD_FORMAT, readRecordHeader, readRecordLsn, recordChecksumMatches } from './record-format.js';
import type { SegmentGeometry } from './segment-geometry.js';
import type { SegmentSource } from './segment-source.js';

/** How many segments the search reads, starting with the stop's own segment. */
export const LATER_RECORD_SEARCH_SEGMENTS = 2;

/** The position of a valid record from a flush that began after `stopLsn`, or undefined. */
export function findLaterFlushRecord(
  geometry: SegmentGeometry,
  source: SegmentSource,
  stopLsn: Lsn,
  verifyChecksum: boolean,
): Lsn | undefined {
  const firstSegment = geometry.segmentNumberOf(stopLsn);
  for (let segmentNumber = firstSegment; segmentNumber < firstSegment + LATER_RECORD_SEARCH_SEGMENTS; segmentNumber += 1) {
    const segment = source.readSegment(segmentNumber);
    if (segment === undefined) continue;
    const segmentStart = geometry.segmentStartLsn(segmentNumber);
    const firstOffset = segmentNumber === firstSegment ? geometry.offsetInSegment(stopLsn) + RECORD_FORMAT.alignmentBytes : 0;
    for (let offset = firstOffset; offset + RECORD_FORMAT.headerBytes <= segment.length; offset += RECORD_FORMAT.alignmentBytes) {
      // Comparing the LSN field with the position first keeps the search cheap:
      // zeros and stale bytes almost never carry their own position.
      if (readRecordLsn(segment, offset) !== segmentStart + offset) continue;
      const header = readRecordHeader(segment, offset);
      if (header.type === undefined || !header.fieldsInRange) continue;
      if (header.flushLsn <= stopLsn || header.flushLsn > header.lsn) continue;
      if (verifyChecksum && !recordChecksumMatches(segment, offset, header)) continue;
      return segmentStart + offset;
    }
  }
  return undefined;
}
