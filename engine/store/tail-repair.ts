/**
 * Makes the end of an intact log safe to append to, AFTER recovery decided the
 * log is intact: every byte after the last whole commit that a record of this
 * log's life wrote (a torn flush, in the end segment and in any segment it
 * reached) is zeroed and synced before the first new append, so a stale piece
 * of an unacknowledged flush can never chain onto new records. Segments after
 * the end whose header is not whole are removed (the writer prepares them
 * again); recycled spares are kept, so recycling keeps working across restarts.
 */
import type { FileSystem } from '../fs/file-system.js';
import { joinPath } from '../fs/file-system.js';
import { nextRecordStart } from '../wal/batch-encoder.js';
import { forEachPositionedRecord } from '../wal/later-record-search.js';
import type { Lsn } from '../wal/lsn.js';
import { alignUp } from '../wal/lsn.js';
import { RECORD_FORMAT } from '../wal/record-format.js';
import type { SegmentGeometry } from '../wal/segment-geometry.js';
import { SEGMENT_HEADER_FORMAT } from '../wal/segment-header.js';
import type { SegmentSource } from '../wal/segment-source.js';
import type { Durability } from './durability-policy.js';

/** Where appends resume and how many bytes were zeroed to make that safe. */
export interface TailResult {
  readonly endLsn: Lsn;
  readonly zeroedBytes: number;
}

/** Zeroes what a torn flush left after `validEndLsn` and removes headerless segments after it. */
export function repairTail(
  fileSystem: FileSystem,
  directory: string,
  geometry: SegmentGeometry,
  durability: Durability,
  source: SegmentSource,
  existingSegments: Set<number>,
  validEndLsn: Lsn,
  /** False only under the `skip-sync-after-zeroing-torn-tail` defect. */
  syncZeroes = true,
): TailResult {
  const endSegment = geometry.segmentNumberOf(validEndLsn);
  let zeroedBytes = 0;
  let removed = false;
  for (const segmentNumber of source.segmentNumbersFrom(endSegment)) {
    const read = source.readSegment(segmentNumber);
    const path = joinPath(directory, geometry.fileName(segmentNumber));
    if (read.kind === 'missing') continue;
    if (read.kind === 'bad-header') {
      if (segmentNumber === endSegment) continue;
      fileSystem.remove(path);
      existingSegments.delete(segmentNumber);
      removed = true;
      continue;
    }
    // The header stays: it was synced before the segment got its name.
    const from = Math.max(SEGMENT_HEADER_FORMAT.headerBytes, segmentNumber === endSegment ? geometry.offsetInSegment(validEndLsn) : 0);
    // segsize (issue 9): the scan stops where the segment's stored data ends; past it are only zeros.
    const end = thisLifeBytesEnd(geometry, segmentNumber, read.bytes, from, read.dataEndBytes ?? read.bytes.length);
    if (end <= from) continue;
    const handle = fileSystem.open(path);
    try {
      handle.write(new Uint8Array(end - from), from);
      if (syncZeroes) durability.syncFile(handle);
    } finally {
      handle.close();
    }
    zeroedBytes += end - from;
  }
  if (removed) durability.syncDirectory(directory);
  return { endLsn: nextRecordStart(geometry, validEndLsn), zeroedBytes };
}

/** The `append-after-torn-tail` defect: leave the torn bytes and resume after them. */
export function skipTornBytes(geometry: SegmentGeometry, source: SegmentSource, validEndLsn: Lsn): TailResult {
  const read = source.readSegment(geometry.segmentNumberOf(validEndLsn));
  if (read.kind !== 'ok') return { endLsn: nextRecordStart(geometry, validEndLsn), zeroedBytes: 0 };
  const start = geometry.offsetInSegment(validEndLsn);
  const end = alignUp(lastNonZeroEnd(read.bytes, start), RECORD_FORMAT.alignmentBytes);
  return { endLsn: nextRecordStart(geometry, validEndLsn - start + Math.max(start, end)), zeroedBytes: 0 };
}

/** One past the last byte of a record header at or after `start` that carries its own position (with its claimed length). */
function thisLifeBytesEnd(geometry: SegmentGeometry, segmentNumber: number, segment: Buffer, start: number, dataEndBytes: number): number {
  let end = start;
  forEachPositionedRecord(geometry, segmentNumber, segment, start, (offset) => {
    const claimed = segment.readUInt32LE(offset + RECORD_FORMAT.totalLengthOffset);
    const length = claimed >= RECORD_FORMAT.headerBytes ? claimed : RECORD_FORMAT.headerBytes;
    end = Math.max(end, Math.min(segment.length, offset + length));
    return false;
  }, dataEndBytes);
  return end;
}

/** One past the last non-zero byte at or after `start`, or `start` when all are zero. */
function lastNonZeroEnd(bytes: Uint8Array, start: number): number {
  for (let index = bytes.length - 1; index >= start; index -= 1) {
    if (bytes[index] !== 0) return index + 1;
  }
  return start;
}
