/**
 * Point-in-time restore: a base backup plus archived WAL, replayed up to a
 * target, into a new store on a new timeline.
 *
 * The target is inclusive, as PostgreSQL's `recovery_target_inclusive`: every
 * commit whose LSN (its first record's position, the LSN its ack carried) is at
 * or before the target is restored, nothing after. The replay runs twice over
 * the same WAL: the first pass finds the first commit past the target, the
 * second replays with everything from that commit's position on reading as
 * zeros, so the scan ends exactly between the two commits and its end position
 * is where the new timeline branches off. A target the archive cannot reach
 * (the WAL there is not archived yet, or a segment is missing) is an error, not
 * a silently shorter restore.
 *
 * The new store is a checkpoint at the branch point plus the new timeline's
 * history file (written to the archive too, so later restores and archivers see
 * the timeline taken); it has no WAL, so nothing of the old timeline past the
 * branch point can be replayed onto it.
 */
import { randomInt } from 'node:crypto';
import { EngineError } from '../engine-types.js';
import { STORE_ID_LIMIT } from './base-backup.js';
import type { FileSystem } from '../fs/file-system.js';
import { installFileAtomically, writeCheckpointFiles } from '../store/checkpoint-writer.js';
import { loadCheckpoint } from '../store/load-checkpoint.js';
import { nextRecordStart } from '../wal/batch-encoder.js';
import type { Lsn } from '../wal/lsn.js';
import { formatLsn } from '../wal/lsn.js';
import { SegmentGeometry } from '../wal/segment-geometry.js';
import { scanWal } from '../wal/wal-scan.js';
import type { ScanResult } from '../wal/wal-scan.js';
import { readBackupLabel } from './backup-label.js';
import type { BackupLabel } from './backup-label.js';
import { requireEmptyDirectory, toolDurability } from './store-layout.js';
import { encodeHistory, historyFileName, readHistory, timelineOfLsn, timelinesWithHistory } from './timeline-history.js';
import type { TimelineHistoryEntry } from './timeline-history.js';
import { TimelineSegmentSource } from './timeline-segment-source.js';
import { COMMIT_TIMES_FORMAT, decodeCommitTimes } from './commit-times.js';
import { joinPath } from '../fs/file-system.js';
import { refuseHoleInArchive } from './archive-hole-check.js';

/** Where replay stops: an LSN (inclusive), a time (every commit durable at or before it, commit-times.ts), or the end of the archived WAL. */
export type RestoreTarget = { readonly kind: 'lsn'; readonly lsn: Lsn } | { readonly kind: 'time'; readonly timeMs: number } | { readonly kind: 'end' };

/** What to restore from and to. */
export interface RestoreRequest {
  readonly backupDirectory: string;
  readonly archiveDirectory: string;
  readonly targetDirectory: string;
  readonly target: RestoreTarget;
  /** More directories to read WAL segments from after the archive (a crashed store's own WAL, as PostgreSQL reads pg_wal). @defaultValue none */
  readonly walDirectories?: readonly string[];
  /** The timeline to follow: the newest one in the archive that descends from the backup (PostgreSQL's default), or a given one. @defaultValue 'latest' */
  readonly timeline?: number | 'latest';
}

/** What a restore did. */
export interface RestoreReport {
  readonly timeline: number;
  readonly parentTimeline: number;
  /** The timeline whose history the replay followed: the backup's, or the newest descending from it (`RestoreRequest.timeline`). */
  readonly followedTimeline: number;
  /** Where the new timeline starts: the end of the last restored commit. */
  readonly switchLsn: Lsn;
  readonly commitsReplayed: number;
  /** The LSN of the last restored commit, or undefined when only the backup's checkpoint was restored. */
  readonly lastCommitLsn: Lsn | undefined;
  readonly entries: number;
  /** The target LSN replayed to (a target time resolves to one). */
  readonly targetLsn?: Lsn;
}

/** Restores `request.backupDirectory` + archive to the target into a new store; throws INVALID_ARGUMENT naming what cannot be done. */
export function restoreToTarget(fileSystem: FileSystem, request: RestoreRequest): RestoreReport {
  const label = readBackupLabel(fileSystem, request.backupDirectory);
  requireEmptyDirectory(fileSystem, request.targetDirectory, 'restore target directory');
  if (!fileSystem.exists(request.archiveDirectory)) throw new EngineError('INVALID_ARGUMENT', `no archive directory at '${request.archiveDirectory}'`);
  const followed = timelineToFollow(fileSystem, request, label);
  const target = request.target.kind === 'time' ? resolveTargetTime(fileSystem, request.archiveDirectory, followed, label, request.target.timeMs) : request.target;
  if (target.kind === 'lsn' && target.lsn < label.startLsn) {
    throw new EngineError('INVALID_ARGUMENT', `target LSN ${formatLsn(target.lsn)} is before the backup's start ${formatLsn(label.startLsn)}: use an older base backup`);
  }
  const sources = [request.archiveDirectory, ...(request.walDirectories ?? []), request.backupDirectory];
  const labelGeometry = new SegmentGeometry(label.segmentSizeBytes, label.timeline);
  const checkpoint = loadCheckpoint(fileSystem, request.backupDirectory, fileSystem.list(request.backupDirectory), labelGeometry);
  const start = { lsn: label.startLsn, previousLsn: checkpoint.control?.redoPreviousLsn ?? 0 };
  const geometry = new SegmentGeometry(label.segmentSizeBytes, followed.timeline);

  let cutLsn = Number.POSITIVE_INFINITY;
  if (target.kind === 'lsn') {
    const firstPass = new TimelineSegmentSource(fileSystem, sources, label.segmentSizeBytes, followed.timeline, followed.history);
    scanWal(geometry, firstPass, start, true, (_tx, _writes, lsn) => {
      if (lsn > target.lsn && lsn < cutLsn) cutLsn = lsn;
    });
  }
  const state = new Map<string, string>(checkpoint.entries);
  let lastCommitLsn: Lsn | undefined;
  const source = new TimelineSegmentSource(fileSystem, sources, label.segmentSizeBytes, followed.timeline, followed.history, cutLsn);
  const scan: ScanResult = scanWal(geometry, source, start, true, (_tx, writes, lsn) => {
    lastCommitLsn = lsn;
    for (const [key, value] of writes) {
      if (value === null) state.delete(key);
      else state.set(key, value);
    }
  });
  const switchLsn = nextRecordStart(geometry, scan.validEndLsn);
  // A target every commit of which was replayed is complete, whatever lies after it; otherwise a stop with valid WAL after it is a hole.
  if (!(target.kind === 'lsn' && switchLsn > target.lsn)) {
    refuseHoleInArchive(fileSystem, request.archiveDirectory, geometry, source, scan, (lsn) => timelineOfLsn(followed.history, followed.timeline, lsn));
  }
  if (target.kind === 'lsn' && cutLsn === Number.POSITIVE_INFINITY && switchLsn <= target.lsn) {
    throw new EngineError(
      'INVALID_ARGUMENT',
      `target LSN ${formatLsn(target.lsn)} is past the end of the archived WAL at ${formatLsn(scan.validEndLsn)} ` +
        `(${scan.stopReason} at ${formatLsn(scan.stopLsn)}): archive more WAL or choose an earlier target`,
    );
  }

  const timeline = newTimelineId(fileSystem, request, label, followed.timeline);
  const reason =
    request.target.kind === 'time'
      ? `restore to target time ${new Date(request.target.timeMs).toISOString()}`
      : target.kind === 'lsn'
        ? `restore to target LSN ${formatLsn(target.lsn)}`
        : 'restore to the end of the archive';
  // The branch leaves whichever timeline holds the last byte before the switch point (the target may lie before the followed timeline's own branch).
  const parentTimeline = timelineOfLsn(followed.history, followed.timeline, switchLsn - 1);
  const history: TimelineHistoryEntry[] = [...followed.history.filter((entry) => entry.switchLsn < switchLsn), { parentTimeline, switchLsn, reason }];
  const historyBytes = Buffer.from(encodeHistory(history));
  const durability = toolDurability(fileSystem);
  // The archive learns of the timeline first: a second restore never picks the same ID.
  installFileAtomically(fileSystem, request.archiveDirectory, durability, historyFileName(timeline), historyBytes);
  fileSystem.mkdirAll(request.targetDirectory);
  installFileAtomically(fileSystem, request.targetDirectory, durability, historyFileName(timeline), historyBytes);
  const entries = [...state.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // The control file is the commit point: without it the target is not a store.
  writeCheckpointFiles(fileSystem, request.targetDirectory, durability, {
    segmentSizeBytes: label.segmentSizeBytes,
    redoLsn: switchLsn,
    redoPreviousLsn: scan.lastRecordLsn,
    checkpointSequence: 1,
    // A restored store is a new store: its own id, named by every segment it will write.
    storeId: randomInt(1, STORE_ID_LIMIT),
    entries,
  });
  return { timeline, parentTimeline, followedTimeline: followed.timeline, switchLsn, commitsReplayed: scan.commitsReplayed, lastCommitLsn, entries: entries.length, ...(target.kind === 'lsn' ? { targetLsn: target.lsn } : {}) };
}

/** The LSN a target time stands for: just before the end of the last flush made durable at or before it, on the followed timelines. */
function resolveTargetTime(
  fileSystem: FileSystem,
  archiveDirectory: string,
  followed: { timeline: number; history: TimelineHistoryEntry[] },
  label: BackupLabel,
  timeMs: number,
): { readonly kind: 'lsn'; readonly lsn: Lsn } {
  let best: Lsn | undefined;
  let earliestMs: number | undefined;
  for (const name of fileSystem.list(archiveDirectory)) {
    if (!name.endsWith(COMMIT_TIMES_FORMAT.suffix)) continue;
    const segmentName = name.slice(0, -COMMIT_TIMES_FORMAT.suffix.length);
    const timeline = Number.parseInt(segmentName.slice(0, 8), 16);
    const geometry = new SegmentGeometry(label.segmentSizeBytes, Number.isSafeInteger(timeline) && timeline >= 1 ? timeline : 1);
    const segmentNumber = geometry.parseFileName(segmentName);
    if (segmentNumber === undefined) continue;
    for (const point of decodeCommitTimes(Buffer.from(fileSystem.readFile(joinPath(archiveDirectory, name))).toString('utf8'))) {
      if (timelineOfLsn(followed.history, followed.timeline, point.endLsn - 1) !== timeline) continue;
      earliestMs = Math.min(earliestMs ?? point.timeMs, point.timeMs);
      if (point.timeMs <= timeMs && point.endLsn > label.startLsn && (best === undefined || point.endLsn > best)) best = point.endLsn;
    }
  }
  if (best === undefined) {
    const earliest = earliestMs === undefined ? 'the archive holds no commit times' : `the earliest timed commit is ${new Date(earliestMs).toISOString()}`;
    const along = followed.timeline === label.timeline ? '' : ` along timeline ${followed.timeline} (the newest descending from the backup; --target-timeline chooses another)`;
    throw new EngineError('INVALID_ARGUMENT', `no commit after the backup's start was durable at or before ${new Date(timeMs).toISOString()}${along}: ${earliest}`);
  }
  return { kind: 'lsn', lsn: best - 1 };
}

/** A timeline descends from the backup when it is the backup's or branched off it after the backup started. */
function descendsFromBackup(history: readonly TimelineHistoryEntry[], timeline: number, label: BackupLabel): boolean {
  if (timeline === label.timeline) return true;
  const branch = history.find((entry) => entry.parentTimeline === label.timeline);
  return branch !== undefined && branch.switchLsn >= label.startLsn;
}

/** The timeline the restore follows and its history. */
function timelineToFollow(fileSystem: FileSystem, request: RestoreRequest, label: BackupLabel): { timeline: number; history: TimelineHistoryEntry[] } {
  const archiveDirectory = request.archiveDirectory;
  const wanted = request.timeline ?? 'latest';
  if (wanted !== 'latest') {
    const history = historyOf(fileSystem, archiveDirectory, wanted);
    if (!descendsFromBackup(history, wanted, label)) {
      throw new EngineError('INVALID_ARGUMENT', `timeline ${wanted} does not descend from the backup's timeline ${label.timeline} after its start ${formatLsn(label.startLsn)}`);
    }
    return { timeline: wanted, history };
  }
  let best = { timeline: label.timeline, history: historyOf(fileSystem, archiveDirectory, label.timeline) };
  for (const timeline of timelinesWithHistory(fileSystem, archiveDirectory)) {
    if (timeline <= best.timeline) continue;
    const history = historyOf(fileSystem, archiveDirectory, timeline);
    if (descendsFromBackup(history, timeline, label)) best = { timeline, history };
  }
  return best;
}

function historyOf(fileSystem: FileSystem, directory: string, timeline: number): TimelineHistoryEntry[] {
  let history: TimelineHistoryEntry[] | string;
  try {
    history = readHistory(fileSystem, directory, timeline);
  } catch {
    // Timeline 1 never has a file; another timeline's file missing from the archive means no ancestry is known.
    return [];
  }
  if (typeof history === 'string') throw new EngineError('CORRUPT', `${historyFileName(timeline)} in '${directory}': ${history}`, { segment: historyFileName(timeline), offsetBytes: 0 });
  return history;
}

function newTimelineId(fileSystem: FileSystem, request: RestoreRequest, label: BackupLabel, followed: number): number {
  const known = [label.timeline, followed, ...timelinesWithHistory(fileSystem, request.archiveDirectory), ...timelinesWithHistory(fileSystem, request.backupDirectory)];
  return Math.max(...known) + 1;
}
