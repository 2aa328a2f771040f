/**
 * Base backups of a live or closed store, taken through files alone (the
 * engine may be running in another process). The checkpoint is read as a
 * consistent pair: the control file, the data file it names, then the control
 * file again; a checkpoint that moved in between is read again (bounded). The
 * pair is a complete state at its redo point, so it is rewritten into the
 * backup as its own checkpoint; then every segment from the redo point on is
 * copied as it is. A segment caught mid-write or mid-recycle is harmless: WAL
 * records carry their own LSN and checksum, so the backup's scan stops at the
 * first record that is not the one the log expects, and the label records how
 * far the copy reaches. The WAL after that comes from the archive at restore.
 */
import { randomInt } from 'node:crypto';
import { EngineError } from '../engine-types.js';
import type { FileSystem } from '../fs/file-system.js';
import { joinPath } from '../fs/file-system.js';
import { installFileAtomically, writeCheckpointFiles } from '../store/checkpoint-writer.js';
import { CONTROL_FILE_FORMAT } from '../store/control-file.js';
import { loadCheckpoint } from '../store/load-checkpoint.js';
import type { LoadedCheckpoint } from '../store/load-checkpoint.js';
import { LSN_NONE } from '../wal/lsn.js';
import { DirectorySegmentSource } from '../wal/segment-source.js';
import { scanWal } from '../wal/wal-scan.js';
import { BACKUP_LABEL_FORMAT, encodeBackupLabel } from './backup-label.js';
import type { BackupLabel } from './backup-label.js';
import { readStoreLayout, requireEmptyDirectory, toolDurability } from './store-layout.js';
import type { StoreLayout } from './store-layout.js';
import { historyFileName, timelinesWithHistory } from './timeline-history.js';

/** How often a checkpoint that keeps moving is read again before giving up. */
const CHECKPOINT_READ_ATTEMPTS_MAX = 20;
/** Store ids are random 48-bit numbers, as recover-store.ts chooses them. */
export const STORE_ID_LIMIT = 2 ** 48;

/** Takes a base backup of the store in `sourceDirectory` into the new or empty `backupDirectory`; returns its label. */
export function takeBaseBackup(fileSystem: FileSystem, sourceDirectory: string, backupDirectory: string, now: () => Date = () => new Date()): BackupLabel {
  requireEmptyDirectory(fileSystem, backupDirectory, 'backup directory');
  const layout = readStoreLayout(fileSystem, sourceDirectory);
  const { geometry } = layout;
  const checkpoint = readConsistentCheckpoint(fileSystem, layout);
  const startLsn = checkpoint.control?.redoLsn ?? geometry.segmentStartLsn(1);
  const startPreviousLsn = checkpoint.control?.redoPreviousLsn ?? LSN_NONE;
  const storeId = checkpoint.control?.storeId ?? randomInt(1, STORE_ID_LIMIT);
  const durability = toolDurability(fileSystem);
  fileSystem.mkdirAll(backupDirectory);
  for (const timeline of timelinesWithHistory(fileSystem, sourceDirectory)) {
    const name = historyFileName(timeline);
    installFileAtomically(fileSystem, backupDirectory, durability, name, fileSystem.readFile(joinPath(sourceDirectory, name)));
  }
  const copied = new Set<number>();
  for (const segmentNumber of fileSystem.list(sourceDirectory).map((name) => geometry.parseFileName(name))) {
    if (segmentNumber === undefined || segmentNumber < geometry.segmentNumberOf(startLsn)) continue;
    const name = geometry.fileName(segmentNumber);
    let bytes: Uint8Array;
    try {
      bytes = fileSystem.readFile(joinPath(sourceDirectory, name));
    } catch {
      // Recycled away while we listed: the archive has it, or the log never reached it.
      continue;
    }
    installFileAtomically(fileSystem, backupDirectory, durability, name, bytes);
    copied.add(segmentNumber);
  }
  writeCheckpointFiles(fileSystem, backupDirectory, durability, {
    segmentSizeBytes: geometry.segmentSizeBytes,
    redoLsn: startLsn,
    redoPreviousLsn: startPreviousLsn,
    checkpointSequence: Math.max(1, checkpoint.control?.checkpointSequence ?? 1),
    storeId,
    entries: checkpoint.entries,
  });
  // The backup keeps the source store's id: its copied segments' headers name it.
  const source = new DirectorySegmentSource(fileSystem, backupDirectory, geometry, copied, { storeId, segmentSizeBytes: geometry.segmentSizeBytes });
  const scan = scanWal(geometry, source, { lsn: startLsn, previousLsn: startPreviousLsn }, true, () => {});
  const label: BackupLabel = {
    timeline: geometry.timelineId,
    segmentSizeBytes: geometry.segmentSizeBytes,
    startLsn,
    endLsn: scan.validEndLsn,
    commitsInWal: scan.commitsReplayed,
    createdAt: now().toISOString(),
  };
  installFileAtomically(fileSystem, backupDirectory, durability, BACKUP_LABEL_FORMAT.fileName, Buffer.from(encodeBackupLabel(label)));
  return label;
}

/** Reads control file and data file as a pair that belongs together (the control file did not change meanwhile). */
function readConsistentCheckpoint(fileSystem: FileSystem, layout: StoreLayout): LoadedCheckpoint {
  const controlPath = joinPath(layout.directory, CONTROL_FILE_FORMAT.fileName);
  let lastProblem: unknown;
  for (let attempt = 0; attempt < CHECKPOINT_READ_ATTEMPTS_MAX; attempt += 1) {
    const names = fileSystem.list(layout.directory);
    if (!names.includes(CONTROL_FILE_FORMAT.fileName)) return { control: undefined, entries: [] };
    const before = Buffer.from(fileSystem.readFile(controlPath));
    try {
      const checkpoint = loadCheckpoint(fileSystem, layout.directory, fileSystem.list(layout.directory), layout.geometry);
      if (before.equals(Buffer.from(fileSystem.readFile(controlPath)))) return checkpoint;
    } catch (error) {
      // A checkpoint replaced the data file between our reads: read the new pair.
      lastProblem = error;
    }
  }
  if (lastProblem instanceof EngineError) throw lastProblem;
  throw new EngineError('EIO', `the checkpoint of '${layout.directory}' kept changing during ${CHECKPOINT_READ_ATTEMPTS_MAX} reads`);
}
