/**
 * The backup label, `backup_label.json` in a base backup (PostgreSQL keeps a
 * `backup_label` for the same reason): which timeline and segment size the
 * backup has, where its checkpoint's redo point is (nothing before it can be
 * restored from this backup) and how far its own WAL copy reaches. Written
 * last, so a backup without a label is an unfinished one.
 *
 *   {"format":"unplug-base-backup","version":1,"timeline":1,"segmentSizeBytes":4096,
 *    "startLsn":"0/1000","endLsn":"0/1A40","commitsInWal":12,"createdAt":"2026-12-02T04:30:00.000Z"}
 */
import { EngineError } from '../engine-types.js';
import type { FileSystem } from '../fs/file-system.js';
import { joinPath } from '../fs/file-system.js';
import type { Lsn } from '../wal/lsn.js';
import { formatLsn, parseLsn } from '../wal/lsn.js';
import { isValidSegmentSize } from '../wal/segment-geometry.js';

/** Frozen constants of the label. */
export const BACKUP_LABEL_FORMAT = Object.freeze({ fileName: 'backup_label.json', format: 'unplug-base-backup', version: 1 });

/** A decoded backup label. */
export interface BackupLabel {
  readonly timeline: number;
  readonly segmentSizeBytes: number;
  /** The backup checkpoint's redo point: the earliest restorable point. */
  readonly startLsn: Lsn;
  /** The end of the last whole commit in the backup's own WAL copy. */
  readonly endLsn: Lsn;
  readonly commitsInWal: number;
  readonly createdAt: string;
}

/** Encodes a label as one line of JSON. */
export function encodeBackupLabel(label: BackupLabel): string {
  return (
    JSON.stringify({
      format: BACKUP_LABEL_FORMAT.format,
      version: BACKUP_LABEL_FORMAT.version,
      timeline: label.timeline,
      segmentSizeBytes: label.segmentSizeBytes,
      startLsn: formatLsn(label.startLsn),
      endLsn: formatLsn(label.endLsn),
      commitsInWal: label.commitsInWal,
      createdAt: label.createdAt,
    }) + '\n'
  );
}

/** Reads the label of a backup directory; INVALID_ARGUMENT naming the problem when it is missing or malformed. */
export function readBackupLabel(fileSystem: FileSystem, backupDirectory: string): BackupLabel {
  const path = joinPath(backupDirectory, BACKUP_LABEL_FORMAT.fileName);
  if (!fileSystem.exists(path)) throw new EngineError('INVALID_ARGUMENT', `'${backupDirectory}' is not a finished base backup: ${BACKUP_LABEL_FORMAT.fileName} is missing`);
  const bad = (why: string): EngineError => new EngineError('INVALID_ARGUMENT', `${path}: ${why}`);
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(fileSystem.readFile(path)).toString('utf8'));
  } catch {
    throw bad('not valid JSON');
  }
  if (typeof raw !== 'object' || raw === null) throw bad('not a JSON object');
  const value = raw as Record<string, unknown>;
  if (value['format'] !== BACKUP_LABEL_FORMAT.format || value['version'] !== BACKUP_LABEL_FORMAT.version) throw bad(`format is not ${BACKUP_LABEL_FORMAT.format} version ${BACKUP_LABEL_FORMAT.version}`);
  const startLsn = typeof value['startLsn'] === 'string' ? parseLsn(value['startLsn']) : undefined;
  const endLsn = typeof value['endLsn'] === 'string' ? parseLsn(value['endLsn']) : undefined;
  const timeline = value['timeline'];
  const segmentSizeBytes = value['segmentSizeBytes'];
  if (startLsn === undefined || endLsn === undefined) throw bad('startLsn and endLsn must be X/Y LSNs');
  if (typeof timeline !== 'number' || !Number.isSafeInteger(timeline) || timeline < 1) throw bad(`timeline must be a positive integer, got ${JSON.stringify(timeline)}`);
  if (typeof segmentSizeBytes !== 'number' || !isValidSegmentSize(segmentSizeBytes)) throw bad(`segmentSizeBytes is not a valid segment size: ${JSON.stringify(segmentSizeBytes)}`);
  return {
    timeline,
    segmentSizeBytes,
    startLsn,
    endLsn,
    commitsInWal: typeof value['commitsInWal'] === 'number' ? value['commitsInWal'] : 0,
    createdAt: typeof value['createdAt'] === 'string' ? value['createdAt'] : '',
  };
}
