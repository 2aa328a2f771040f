/**
 * WAL segments for a restore, read along one timeline's history from several
 * directories (the archive first, then the base backup's own copies). For a
 * segment number, the bytes before a switch point come from the parent
 * timeline's file and the bytes from it on from the child's, so the segment a
 * timeline branched in reads as one continuous log, and nothing the parent
 * wrote past the branch point is ever seen. A cut LSN makes everything from
 * it on read as zeros: the scan then ends exactly there.
 */
import type { FileSystem } from '../fs/file-system.js';
import { joinPath } from '../fs/file-system.js';
import type { Lsn } from '../wal/lsn.js';
import { SegmentGeometry } from '../wal/segment-geometry.js';
import type { SegmentRead, SegmentSource } from '../wal/segment-source.js';
import { decodeSegmentHeader, SEGMENT_HEADER_FORMAT } from '../wal/segment-header.js';
import type { SegmentHeader } from '../wal/segment-header.js';
import type { TimelineHistoryEntry } from './timeline-history.js';

/** One stretch of the log and the timeline whose files hold it: [fromLsn, toLsn). */
interface TimelineRange {
  readonly timeline: number;
  readonly fromLsn: Lsn;
  readonly toLsn: Lsn;
}

/** A `SegmentSource` that follows a timeline's history across directories. */
export class TimelineSegmentSource implements SegmentSource {
  private readonly ranges: readonly TimelineRange[];
  private readonly geometries = new Map<number, SegmentGeometry>();
  private cachedNumber = -1;
  private cached: SegmentRead = { kind: 'missing' };

  constructor(
    private readonly fileSystem: FileSystem,
    private readonly directories: readonly string[],
    private readonly segmentSizeBytes: number,
    timeline: number,
    history: readonly TimelineHistoryEntry[],
    private readonly cutLsn: Lsn = Number.POSITIVE_INFINITY,
  ) {
    const ranges: TimelineRange[] = [];
    let fromLsn = 0;
    for (const entry of history) {
      ranges.push({ timeline: entry.parentTimeline, fromLsn, toLsn: entry.switchLsn });
      fromLsn = entry.switchLsn;
    }
    ranges.push({ timeline, fromLsn, toLsn: Number.POSITIVE_INFINITY });
    this.ranges = ranges;
  }

  /** The file a timeline's segment is read from: the first directory that has it. */
  segmentPath(timeline: number, segmentNumber: number): string | undefined {
    const name = this.geometry(timeline).fileName(segmentNumber);
    for (const directory of this.directories) {
      const path = joinPath(directory, name);
      if (this.fileSystem.exists(path)) return path;
    }
    return undefined;
  }

  /**
   * Reads a segment stitched from the files of the timelines that hold its
   * bytes. Every file read must carry a whole header naming this segment number
   * and segment size (the store id may differ: a restore starts a new store);
   * the stitched segment keeps the header of the file that holds its start.
   */
  readSegment(segmentNumber: number): SegmentRead {
    if (segmentNumber === this.cachedNumber) return this.cached;
    this.cachedNumber = segmentNumber;
    this.cached = this.load(segmentNumber);
    return this.cached;
  }

  /** The segment numbers at or after `segmentNumber` that some timeline of the history has a file for, below the cut. */
  segmentNumbersFrom(segmentNumber: number): readonly number[] {
    const found = new Set<number>();
    for (const directory of this.directories) {
      if (!this.fileSystem.exists(directory)) continue;
      for (const name of this.fileSystem.list(directory)) {
        for (const range of this.ranges) {
          const number = this.geometry(range.timeline).parseFileName(name);
          if (number === undefined || number < segmentNumber) continue;
          const startLsn = number * this.segmentSizeBytes;
          const endLsn = startLsn + this.segmentSizeBytes;
          if (startLsn >= this.cutLsn || startLsn >= range.toLsn || endLsn <= range.fromLsn) continue;
          found.add(number);
        }
      }
    }
    return [...found].sort((a, b) => a - b);
  }

  private load(segmentNumber: number): SegmentRead {
    const startLsn = segmentNumber * this.segmentSizeBytes;
    const endLsn = startLsn + this.segmentSizeBytes;
    if (startLsn >= this.cutLsn) return { kind: 'missing' };
    let segment: Buffer | undefined;
    let header: SegmentHeader | undefined;
    for (const range of this.ranges) {
      const from = Math.max(range.fromLsn, startLsn);
      const to = Math.min(range.toLsn, endLsn, this.cutLsn);
      if (from >= to) continue;
      const path = this.segmentPath(range.timeline, segmentNumber);
      if (path === undefined) continue;
      const raw = this.fileSystem.readFile(path);
      const fileHeader = decodeSegmentHeader(raw);
      if (typeof fileHeader === 'string') return { kind: 'bad-header', zeroFilled: fileHeader === 'segment header is zero-filled', reason: `${path}: ${fileHeader}` };
      if (fileHeader.segmentNumber !== segmentNumber || fileHeader.segmentSizeBytes !== this.segmentSizeBytes) {
        return { kind: 'bad-header', zeroFilled: false, reason: `${path}: segment header names segment ${fileHeader.segmentNumber} of size ${fileHeader.segmentSizeBytes}` };
      }
      segment ??= Buffer.alloc(this.segmentSizeBytes);
      if (header === undefined) {
        header = fileHeader;
        segment.set(raw.subarray(0, SEGMENT_HEADER_FORMAT.headerBytes), 0);
      }
      const bytes = raw.subarray(Math.max(from - startLsn, SEGMENT_HEADER_FORMAT.headerBytes), Math.min(raw.length, to - startLsn));
      if (bytes.length > 0) segment.set(bytes, Math.max(from - startLsn, SEGMENT_HEADER_FORMAT.headerBytes));
    }
    if (segment === undefined || header === undefined) return { kind: 'missing' };
    return { kind: 'ok', bytes: segment, header };
  }

  private geometry(timeline: number): SegmentGeometry {
    let geometry = this.geometries.get(timeline);
    if (geometry === undefined) {
      geometry = new SegmentGeometry(this.segmentSizeBytes, timeline);
      this.geometries.set(timeline, geometry);
    }
    return geometry;
  }
}
