/**
 * The checkpoint procedure of a running engine: capture the state at the current
 * end of the log (it runs between flushes, so the state and the LSN agree),
 * install the data file and control file, then recycle the segments wholly
 * before the redo point and remove the previous data file.
 */
import { FileSystemError, joinPath } from '../fs/file-system.js';
import { installControlFile, writeCheckpointFiles } from './checkpoint-writer.js';
import type { EngineParts, LogPosition } from './engine-parts.js';
import type { WalWriter } from './wal-writer.js';

/** Runs one checkpoint and updates `position`; file-system errors propagate. */
export function runCheckpoint(
  parts: EngineParts,
  writer: WalWriter,
  position: LogPosition,
  entries: readonly (readonly [string, string])[],
): void {
  const { fileSystem, directory, geometry, durability, defects } = parts;
  const redoLsn = position.endLsn;
  const redoSegment = geometry.segmentNumberOf(redoLsn);
  // Keep enough recycled segments for the WAL written between two checkpoints.
  const sparesMax = Math.ceil(parts.checkpointWalBytes / geometry.segmentSizeBytes) + 1;
  // The defect recycles first: a crash before the control file is durable then
  // leaves a redo point in a segment that no longer exists.
  if (defects.has('recycle-before-checkpoint-sync')) writer.recycleSegmentsBefore(redoSegment, sparesMax);
  const previousDataFile = position.control.dataFileName;
  // The redo point's segment must exist before the control file names it: recovery
  // reads a missing redo segment as the end of the log.
  writer.segmentHandle(redoSegment);
  const control = writeCheckpointFiles(fileSystem, directory, durability, {
    segmentSizeBytes: geometry.segmentSizeBytes,
    redoLsn,
    redoPreviousLsn: position.lastRecordLsn,
    checkpointSequence: position.control.checkpointSequence + 1,
    storeId: position.control.storeId,
    entries,
  });
  position.control = control;
  position.walBytesSinceCheckpoint = 0;
  // Archiving: a segment leaves the disk only after its archive copy is durable
  // (the recycle-before-archived defect ignores that).
  const archiver = defects.has('recycle-before-archived') ? undefined : parts.archiver;
  writer.recycleSegmentsBefore(archiver?.recyclableBefore(redoSegment) ?? redoSegment, sparesMax);
  parts.archiver?.afterRecycle();
  // The old data file is no longer named by the control file; a crash that
  // keeps it only leaves garbage that the next open ignores.
  if (previousDataFile !== '' && previousDataFile !== control.dataFileName) {
    fileSystem.remove(joinPath(directory, previousDataFile));
  }
}

/**
 * Records a clean close in the control file: the log ends exactly at the
 * current end, so the next open proves its end without searching past it. A
 * failure leaves the store marked open: the next open recovers it as after a crash.
 */
export function recordCleanClose(parts: EngineParts, position: LogPosition): void {
  const control = { ...position.control, logEndLsn: position.endLsn, closedCleanly: true };
  try {
    installControlFile(parts.fileSystem, parts.directory, parts.durability, control);
    position.control = control;
  } catch (error) {
    if (!(error instanceof FileSystemError)) throw error;
  }
}
