/**
 * Commit times for `--target-time`: WAL records carry no clock, so the
 * archiver remembers when each group flush became durable (the time its
 * commits were acknowledged) and archives those points beside each segment,
 * as `<segment>.times`, one text line per flush whose end lies in the segment:
 *
 *   <end LSN of the flush, X/Y> TAB <milliseconds since the Unix epoch>
 *
 *   0/1A40	1764649800123
 *   0/1C88	1764649800131
 *
 * A restore to time T replays every commit that starts before the end of the
 * last flush made durable at or before T. Points live in memory until their
 * segment is archived, so flushes made before an engine restart (or archived
 * by a command, which gets no times file) are not timed; a target time in
 * such a gap resolves to the last timed flush before it.
 */
import type { Lsn } from '../wal/lsn.js';
import { formatLsn, parseLsn } from '../wal/lsn.js';

/** Frozen constants of the times file. */
export const COMMIT_TIMES_FORMAT = Object.freeze({
  suffix: '.times',
  /** Points kept per segment; later flushes in a full segment are not timed. */
  pointsPerSegmentMax: 4096,
});

/** One flush: its end LSN and when it became durable. */
export interface FlushTimePoint {
  readonly endLsn: Lsn;
  readonly timeMs: number;
}

/** Encodes points as the file's lines. */
export function encodeCommitTimes(points: readonly FlushTimePoint[]): string {
  return points.map((point) => `${formatLsn(point.endLsn)}\t${point.timeMs}\n`).join('');
}

/** Decodes a times file; malformed lines are skipped (a torn last line loses one point, never the restore). */
export function decodeCommitTimes(text: string): FlushTimePoint[] {
  const points: FlushTimePoint[] = [];
  for (const line of text.split('\n')) {
    const [lsnText = '', timeText = ''] = line.split('\t');
    const endLsn = parseLsn(lsnText);
    const timeMs = /^\d{1,16}$/.test(timeText) ? Number(timeText) : undefined;
    if (endLsn !== undefined && timeMs !== undefined) points.push({ endLsn, timeMs });
  }
  return points;
}

/** The flush points of segments not yet archived, by segment number; bounded per segment. */
export class FlushClock {
  private readonly bySegment = new Map<number, FlushTimePoint[]>();
  private lastEndLsn = 0;

  /** Records that the log up to `endLsn` (in segment `segmentNumber`) was durable at `timeMs`; a repeated end is ignored (its first time counts). */
  record(segmentNumber: number, endLsn: Lsn, timeMs: number): void {
    if (endLsn <= this.lastEndLsn) return;
    this.lastEndLsn = endLsn;
    let points = this.bySegment.get(segmentNumber);
    if (points === undefined) {
      points = [];
      this.bySegment.set(segmentNumber, points);
    }
    const last = points.at(-1);
    // Flushes in the same millisecond share one point: the later end covers both.
    if (last !== undefined && last.timeMs === timeMs) points[points.length - 1] = { endLsn, timeMs };
    else if (points.length < COMMIT_TIMES_FORMAT.pointsPerSegmentMax) points.push({ endLsn, timeMs });
  }

  /** The points of a segment (kept until `forget`, so a failed attempt can try again with them). */
  points(segmentNumber: number): readonly FlushTimePoint[] {
    return this.bySegment.get(segmentNumber) ?? [];
  }

  /** Forgets a segment's points once it is archived (or gone). */
  forget(segmentNumber: number): void {
    this.bySegment.delete(segmentNumber);
  }
}
