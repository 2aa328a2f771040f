/**
 * Writes a checkpoint: the whole key/value state to a new data file, then the
 * control file naming it and the redo LSN, each installed atomically (temp file,
 * sync, rename, directory sync). Only then are the segments before the redo
 * point recycled: until the control file is durable, recovery still needs them.
 */
import type { FileSystem } from '../fs/file-system.js';
import { joinPath } from '../fs/file-system.js';
import type { Lsn } from '../wal/lsn.js';
import { CONTROL_FILE_FORMAT, encodeControlFile } from './control-file.js';
import type { ControlRecord } from './control-file.js';
import { dataFileName, encodeDataFile } from './data-file.js';
import type { Durability } from './durability-policy.js';
import { TEMP_FILE_SUFFIX } from './wal-writer.js';

/** The state a checkpoint captures. */
export interface CheckpointInput {
  readonly segmentSizeBytes: number;
  readonly redoLsn: Lsn;
  readonly redoPreviousLsn: Lsn;
  readonly checkpointSequence: number;
  readonly storeId: number;
  /** Entries sorted by key. */
  readonly entries: readonly (readonly [string, string])[];
}

/** Writes the data file and the control file of a checkpoint; returns the control record. */
export function writeCheckpointFiles(
  fileSystem: FileSystem,
  directory: string,
  durability: Durability,
  input: CheckpointInput,
): ControlRecord {
  const name = dataFileName(input.checkpointSequence);
  const data = encodeDataFile(input.redoLsn, input.entries);
  installFileAtomically(fileSystem, directory, durability, name, data);
  const control: ControlRecord = {
    segmentSizeBytes: input.segmentSizeBytes,
    redoLsn: input.redoLsn,
    redoPreviousLsn: input.redoPreviousLsn,
    checkpointSequence: input.checkpointSequence,
    dataFileSizeBytes: data.length,
    dataFileName: name,
    storeId: input.storeId,
    // The checkpoint runs between flushes: everything before the redo point is synced.
    logEndLsn: input.redoLsn,
    closedCleanly: false,
  };
  installControlFile(fileSystem, directory, durability, control);
  return control;
}

/** Installs a control record atomically (creation, checkpoint, clean close, reopen). */
export function installControlFile(fileSystem: FileSystem, directory: string, durability: Durability, control: ControlRecord): void {
  installFileAtomically(fileSystem, directory, durability, CONTROL_FILE_FORMAT.fileName, encodeControlFile(control));
}

/** Writes `bytes` to a temp file, syncs it, renames it to `name` and syncs the directory. */
export function installFileAtomically(
  fileSystem: FileSystem,
  directory: string,
  durability: Durability,
  name: string,
  bytes: Uint8Array,
): void {
  const path = joinPath(directory, name);
  const tempPath = path + TEMP_FILE_SUFFIX;
  const handle = fileSystem.open(tempPath, { create: true, truncate: true });
  try {
    handle.write(bytes, 0);
    durability.syncFile(handle);
  } finally {
    handle.close();
  }
  fileSystem.rename(tempPath, path);
  durability.syncDirectory(directory);
}
