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
import type { SegmentSource } from '../wal/segment-source.js';
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
  private cached: Buffer | undefined;

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

  readSegment(segmentNumber: number): Buffer | undefined {
    if (segmentNumber === this.cachedNumber) return this.cached;
    const startLsn = segmentNumber * this.segmentSizeBytes;
    const endLsn = startLsn + this.segmentSizeBytes;
    if (startLsn >= this.cutLsn) return undefined;
    let segment: Buffer | undefined;
    for (const range of this.ranges) {
      const from = Math.max(range.fromLsn, startLsn);
      const to = Math.min(range.toLsn, endLsn, this.cutLsn);
      if (from >= to) continue;
      const path = this.segmentPath(range.timeline, segmentNumber);
      if (path === undefined) continue;
      const raw = this.fileSystem.readFile(path);
      segment ??= Buffer.alloc(this.segmentSizeBytes);
      const bytes = raw.subarray(from - startLsn, Math.min(raw.length, to - startLsn));
      segment.set(bytes, from - startLsn);
    }
    this.cachedNumber = segmentNumber;
    this.cached = segment;
    return segment;
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
