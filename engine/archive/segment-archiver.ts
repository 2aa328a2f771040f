/**
 * The archiver of a running engine. Every segment the log has moved past is
 * completed: it gets a `.ready` marker and joins the queue; the archiver hands
 * the oldest waiting segment to its target, one at a time, and on success makes
 * its `.done` marker durable. A checkpoint recycles or removes only segments
 * before the oldest one still waiting (`recyclableBefore`), so no segment leaves
 * the disk before its archive copy is durable; the `recycle-before-archived`
 * defect ignores that limit.
 *
 * Archiving never blocks commits: attempts run between the engine's ticks, and
 * a failed attempt is retried after a backoff that doubles from
 * `retryDelayMsMin` up to `retryDelayMsMax`, forever while the engine is open:
 * the WAL then grows, which is what the WAL-bloat alarm is for. On close the
 * archiver goes on through the waiting segments until the first failure, then
 * stops without retrying; the next open resumes from the markers.
 */
import type { FileSystem } from '../fs/file-system.js';
import { joinPath } from '../fs/file-system.js';
import type { Lsn } from '../wal/lsn.js';
import type { SegmentGeometry } from '../wal/segment-geometry.js';
import { ARCHIVE_LIMITS } from './archive-settings.js';
import type { ArchiveSettings, ArchiveStatus } from './archive-settings.js';
import { ArchiveStatusMarkers, parseMarkerName } from './archive-status-markers.js';
import type { ArchiveTarget } from './archive-target.js';
import { encodeCommitTimes, FlushClock } from './commit-times.js';

/** A completed segment that waits for the archiver. */
interface WaitingSegment {
  readonly segmentNumber: number;
  readonly completedAtMs: number;
}

/** Archives completed segments of one store. */
export class SegmentArchiver {
  private waiting: WaitingSegment[] = [];
  private completedBefore = 0;
  private attemptRunning = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private kickScheduled = false;
  private closing = false;
  private stopped = false;
  private failuresInARow = 0;
  private lastError: string | null = null;
  private lastArchivedSegment: string | null = null;
  private segmentsArchived = 0;
  private idleWaiters: (() => void)[] = [];
  /** Archived segments whose files (and so `.done` markers) may still exist. */
  private readonly archived = new Set<number>();
  private readonly clock = new FlushClock();
  /** The attempt in flight (settled, never rejecting), for close to wait on. */
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly fileSystem: FileSystem,
    private readonly directory: string,
    private readonly geometry: SegmentGeometry,
    private readonly markers: ArchiveStatusMarkers,
    private readonly target: ArchiveTarget,
    private readonly settings: ArchiveSettings,
    /** Segment numbers whose files exist; the WAL writer keeps it up to date. */
    private readonly existingSegments: ReadonlySet<number>,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /**
   * Resumes after recovery: every existing segment before the one holding
   * `endLsn` is completed, and waits unless its `.done` marker exists; markers
   * of segments that are gone are removed.
   */
  start(endLsn: Lsn): void {
    const names = this.fileSystem.list(this.directory);
    const done = new Set<string>();
    for (const name of names) {
      const marker = parseMarkerName(name);
      if (marker === undefined) continue;
      const segmentNumber = this.geometry.parseFileName(marker.segmentName);
      if (segmentNumber === undefined || !this.existingSegments.has(segmentNumber)) this.markers.forget(marker.segmentName);
      else if (marker.marker === 'done') done.add(marker.segmentName);
    }
    this.completedBefore = this.geometry.segmentNumberOf(endLsn);
    const now = this.nowMs();
    for (const segmentNumber of [...this.existingSegments].sort((a, b) => a - b)) {
      if (segmentNumber >= this.completedBefore) continue;
      if (done.has(this.geometry.fileName(segmentNumber))) {
        this.archived.add(segmentNumber);
        continue;
      }
      this.waiting.push({ segmentNumber, completedAtMs: now });
    }
    this.scheduleKick();
  }

  /** Notes the new end of the (synced) log: its time is kept for `--target-time`; segments it moved past are completed and queued. */
  noteEndLsn(endLsn: Lsn): void {
    if (endLsn > 0) this.clock.record(this.geometry.segmentNumberOf(endLsn - 1), endLsn, this.nowMs());
    const before = this.geometry.segmentNumberOf(endLsn);
    if (before <= this.completedBefore) return;
    const now = this.nowMs();
    for (let segmentNumber = this.completedBefore; segmentNumber < before; segmentNumber += 1) {
      if (!this.existingSegments.has(segmentNumber)) continue;
      try {
        this.markers.markReady(this.geometry.fileName(segmentNumber));
      } catch {
        // `.ready` is informational: the queue below is what the archiver works from.
      }
      this.waiting.push({ segmentNumber, completedAtMs: now });
    }
    this.completedBefore = before;
    this.scheduleKick();
  }

  /** The first segment a checkpoint must keep: the oldest waiting one, or `limit` when it is older. */
  recyclableBefore(limit: number): number {
    const oldest = this.waiting[0];
    return oldest === undefined ? limit : Math.min(limit, oldest.segmentNumber);
  }

  /** Drops the `.done` markers of archived segments that a checkpoint has since recycled or removed. */
  afterRecycle(): void {
    for (const segmentNumber of this.archived) {
      if (this.existingSegments.has(segmentNumber)) continue;
      this.markers.forget(this.geometry.fileName(segmentNumber));
      this.archived.delete(segmentNumber);
    }
  }

  /** The archiver's progress for the status request. */
  status(endLsn: Lsn): ArchiveStatus {
    const oldest = this.waiting[0];
    return {
      destination: this.target.kind,
      segmentsWaiting: this.waiting.length,
      lagBytes: oldest === undefined ? 0 : Math.max(0, endLsn - this.geometry.segmentStartLsn(oldest.segmentNumber)),
      lagSeconds: oldest === undefined ? 0 : Math.max(0, (this.nowMs() - oldest.completedAtMs) / 1000),
      lastArchivedSegment: this.lastArchivedSegment,
      segmentsArchived: this.segmentsArchived,
      failuresInARow: this.failuresInARow,
      lastError: this.lastError,
    };
  }

  /** Resolves once nothing waits or an attempt failed (tests and backups use it to let the archive catch up). */
  whenIdle(): Promise<void> {
    if (this.waiting.length === 0 || (this.failuresInARow > 0 && !this.attemptRunning)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Lets an attempt in flight finish, then tries the waiting segments once more, in order, until the first failure (no retries); then stops. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    // An attempt started before close (perhaps against a destination that was down) does not count as the last pass.
    await this.inFlight;
    this.failuresInARow = 0;
    this.scheduleKick();
    await this.whenIdle();
    this.stopped = true;
    this.target.abort();
  }

  private scheduleKick(): void {
    if (this.kickScheduled || this.attemptRunning || this.retryTimer !== undefined || this.stopped) return;
    this.kickScheduled = true;
    // A microtask, not a later event-loop turn: the engine's flushes run as microtasks too, and a
    // segment should be archived (and so recyclable) right after the flush that completed it.
    queueMicrotask(() => {
      this.kickScheduled = false;
      this.attemptNext();
    });
  }

  private attemptNext(): void {
    if (this.attemptRunning || this.stopped) return;
    // A segment that vanished unarchived (only the recycle-before-archived defect does that) is dropped from the queue.
    while (this.waiting[0] !== undefined && !this.existingSegments.has(this.waiting[0].segmentNumber)) {
      const gone = this.waiting.shift();
      if (gone !== undefined) this.clock.forget(gone.segmentNumber);
      if (gone !== undefined) this.lastError = `segment ${this.geometry.fileName(gone.segmentNumber)} was removed before it was archived`;
    }
    const next = this.waiting[0];
    if (next === undefined) {
      this.settleIdle();
      return;
    }
    const name = this.geometry.fileName(next.segmentNumber);
    this.attemptRunning = true;
    let attempt: Promise<void>;
    try {
      attempt = this.target.archive(name, joinPath(this.directory, name), encodeCommitTimes(this.clock.points(next.segmentNumber)));
    } catch (error) {
      attempt = Promise.reject(error);
    }
    this.inFlight = attempt
      .then(() => {
        this.markers.markDone(name);
        this.waiting.shift();
        this.archived.add(next.segmentNumber);
        this.clock.forget(next.segmentNumber);
        this.lastArchivedSegment = name;
        this.segmentsArchived += 1;
        this.failuresInARow = 0;
        this.lastError = null;
      })
      .catch((error: unknown) => {
        this.failuresInARow += 1;
        this.lastError = error instanceof Error ? error.message : String(error);
      })
      .finally(() => {
        this.attemptRunning = false;
        if (this.failuresInARow === 0) {
          this.scheduleKick();
          if (this.waiting.length === 0) this.settleIdle();
          return;
        }
        this.settleIdle();
        if (this.closing) return;
        const delayMs = this.retryDelayMs();
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.scheduleKick();
        }, delayMs);
        this.retryTimer.unref();
      });
  }

  private retryDelayMs(): number {
    const minimum = this.settings.retryDelayMsMin ?? ARCHIVE_LIMITS.retryDelayMsMin;
    const maximum = this.settings.retryDelayMsMax ?? ARCHIVE_LIMITS.retryDelayMsMax;
    return Math.min(maximum, minimum * 2 ** Math.min(30, this.failuresInARow - 1));
  }

  private settleIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
