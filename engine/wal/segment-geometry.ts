/**
 * WAL segment geometry and names. The WAL stream is cut into segment files of a
 * fixed power-of-two size; segment number N holds LSNs [N * size, (N + 1) * size).
 * Files are named as PostgreSQL names them, 24 upper-case hex digits:
 *
 *   TTTTTTTT LLLLLLLL SSSSSSSS
 *   timeline log id  segment within the log id
 *
 * with segmentsPerLogId = 0x100000000 / segmentSizeBytes, so the log id is the
 * high 32 bits of the segment's first LSN. A store starts on timeline 1; a
 * point-in-time restore starts a new one (engine/archive/timeline-history.ts),
 * so the same LSN range of two histories lives in differently named files.
 */
import { assert } from '../invariants.js';
import type { Lsn } from './lsn.js';

/** Smallest segment size: 4 KiB (tests use it so commits span segments). */
export const SEGMENT_SIZE_BYTES_MIN = 4 * 1024;
/** Largest segment size: 1 GiB. */
export const SEGMENT_SIZE_BYTES_MAX = 1024 * 1024 * 1024;
/** Default segment size: 16 MiB, as PostgreSQL. */
export const SEGMENT_SIZE_BYTES_DEFAULT = 16 * 1024 * 1024;
/** The timeline a new store starts on. */
export const TIMELINE_ID = 1;
/** The largest timeline ID: eight hex digits. */
export const TIMELINE_ID_MAX = 0xffff_ffff;

const SEGMENT_NAME_PATTERN = /^([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})$/;
const TWO_POW_32 = 0x1_0000_0000;

/** True when `sizeBytes` is a valid segment size (a power of two from 4 KiB to 1 GiB). */
export function isValidSegmentSize(sizeBytes: number): boolean {
  return (
    Number.isSafeInteger(sizeBytes) &&
    sizeBytes >= SEGMENT_SIZE_BYTES_MIN &&
    sizeBytes <= SEGMENT_SIZE_BYTES_MAX &&
    (sizeBytes & (sizeBytes - 1)) === 0
  );
}

/** Segment arithmetic for one segment size. */
export class SegmentGeometry {
  /** How many segments share one log id (the high 32 bits of an LSN). */
  readonly segmentsPerLogId: number;

  constructor(
    readonly segmentSizeBytes: number,
    /** The timeline whose segment files this geometry names and recognises. */
    readonly timelineId: number = TIMELINE_ID,
  ) {
    assert(isValidSegmentSize(segmentSizeBytes), `invalid segment size ${segmentSizeBytes}`);
    assert(Number.isSafeInteger(timelineId) && timelineId >= 1 && timelineId <= TIMELINE_ID_MAX, `invalid timeline ${timelineId}`);
    this.segmentsPerLogId = TWO_POW_32 / segmentSizeBytes;
  }

  /** The number of the segment that holds `lsn`. */
  segmentNumberOf(lsn: Lsn): number {
    return Math.floor(lsn / this.segmentSizeBytes);
  }

  /** The offset of `lsn` inside its segment. */
  offsetInSegment(lsn: Lsn): number {
    return lsn % this.segmentSizeBytes;
  }

  /** The first LSN of a segment. */
  segmentStartLsn(segmentNumber: number): Lsn {
    return segmentNumber * this.segmentSizeBytes;
  }

  /** Bytes from `lsn` to the end of its segment. */
  remainingInSegment(lsn: Lsn): number {
    return this.segmentSizeBytes - this.offsetInSegment(lsn);
  }

  /** The 24-hex-digit file name of a segment. */
  fileName(segmentNumber: number): string {
    assert(Number.isSafeInteger(segmentNumber) && segmentNumber >= 0, `bad segment number ${segmentNumber}`);
    const logId = Math.floor(segmentNumber / this.segmentsPerLogId);
    const segmentInLog = segmentNumber % this.segmentsPerLogId;
    return hex8(this.timelineId) + hex8(logId) + hex8(segmentInLog);
  }

  /** The segment number a file name denotes, or undefined when it is not a segment name of this geometry. */
  parseFileName(name: string): number | undefined {
    const match = SEGMENT_NAME_PATTERN.exec(name);
    if (match === null) return undefined;
    const timeline = Number.parseInt(match[1] ?? '', 16);
    const logId = Number.parseInt(match[2] ?? '', 16);
    const segmentInLog = Number.parseInt(match[3] ?? '', 16);
    if (timeline !== this.timelineId || segmentInLog >= this.segmentsPerLogId) return undefined;
    return logId * this.segmentsPerLogId + segmentInLog;
  }
}

function hex8(value: number): string {
  return value.toString(16).toUpperCase().padStart(8, '0');
}
