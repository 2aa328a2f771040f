/**
 * Recovery, in two halves. First it only reads: the inventory of the directory,
 * the control file and the data file it names, every segment header from the
 * redo point on, the replay scan, and the search for a later flush's record.
 * The recovery table (recovery-table.ts) then decides. Only a log decided
 * intact is touched: leftover temp and data files are removed, the bytes a torn
 * flush left are zeroed and synced BEFORE any new record is written, and a
 * store that was closed cleanly is marked open again. On damage it throws
 * EngineError('CORRUPT') naming the file and offset, and changes nothing.
 */
import { randomInt } from 'node:crypto';
import type { FileSystem } from '../fs/file-system.js';
import { FileSystemError, joinPath } from '../fs/file-system.js';
import { EngineError, OPEN_FAILURE_CODES } from '../engine-types.js';
import type { RecoveryOutcome } from '../engine-types.js';
import { assertNever } from '../invariants.js';
import { nextRecordStart } from '../wal/batch-encoder.js';
import { findLaterFlushRecord } from '../wal/later-record-search.js';
import type { Lsn } from '../wal/lsn.js';
import { formatLsn, LSN_NONE } from '../wal/lsn.js';
import { decideRecovery } from '../wal/recovery-table.js';
import type { SegmentGeometry } from '../wal/segment-geometry.js';
import { DirectorySegmentSource } from '../wal/segment-source.js';
import { scanWal } from '../wal/wal-scan.js';
import type { ScanResult } from '../wal/wal-scan.js';
import { installControlFile } from './checkpoint-writer.js';
import { CommittedState } from './committed-state.js';
import { CONTROL_FILE_FORMAT, decodeControlFile } from './control-file.js';
import type { ControlRecord } from './control-file.js';
import type { DefectSet } from './defects.js';
import type { Durability } from './durability-policy.js';
import { promisesDurability } from './durability-policy.js';
import { loadCheckpoint } from './load-checkpoint.js';
import { hasStoreEvidence, provenLogEnd, refuseOrphanedFiles, takeInventory } from './store-inventory.js';
import type { StoreInventory } from './store-inventory.js';
import { repairTail, skipTornBytes } from './tail-repair.js';
import type { TailResult } from './tail-repair.js';

/** What recovery hands to the engine. */
export interface RecoveredStore {
  readonly state: CommittedState;
  readonly endLsn: Lsn;
  readonly lastRecordLsn: Lsn;
  /** The control record now on disk. */
  readonly control: ControlRecord;
  readonly existingSegments: Set<number>;
  readonly outcome: RecoveryOutcome;
  readonly commitsReplayed: number;
  readonly tornBytesTruncated: number;
}

/** Store ids are random 48-bit numbers: exact in a double and unlikely to repeat between stores. */
const STORE_ID_LIMIT = 2 ** 48;

/** Recovers the store in `directory`; throws EngineError('CORRUPT') naming the file and offset. */
export function recoverStore(
  fileSystem: FileSystem,
  directory: string,
  geometry: SegmentGeometry,
  durability: Durability,
  defects: DefectSet,
): RecoveredStore {
  fileSystem.mkdirAll(directory);
  const inventory = takeInventory(fileSystem, directory, geometry);
  if (!controlFileReadable(fileSystem, directory, inventory)) {
    if (!promisesDurability(durability.policy) || !hasStoreEvidence(fileSystem, directory, inventory, geometry)) {
      return createStore(fileSystem, directory, geometry, durability, inventory);
    }
  }
  refuseOrphanedFiles(inventory, geometry);
  const checkpoint = loadCheckpoint(fileSystem, directory, inventory.names, geometry);
  if (checkpoint.control === undefined) return createStore(fileSystem, directory, geometry, durability, inventory);
  const control = checkpoint.control;
  const identity = { storeId: control.storeId, segmentSizeBytes: geometry.segmentSizeBytes };
  const proven = provenLogEnd(fileSystem, directory, geometry, inventory.segments, geometry.segmentNumberOf(control.redoLsn), identity);
  const provenEndLsn = Math.max(control.logEndLsn, proven.lsn);
  const state = new CommittedState(new Map(checkpoint.entries));
  const source = new DirectorySegmentSource(fileSystem, directory, geometry, inventory.segments, identity);
  const verifyChecksum = !defects.has('skip-checksum');
  const scan = scanWal(geometry, source, { lsn: control.redoLsn, previousLsn: control.redoPreviousLsn }, verifyChecksum, (_tx, writes) => state.apply(writes));
  const resumeLsn = nextRecordStart(geometry, scan.validEndLsn);
  // After a clean close nothing was written past the recorded end (the first
  // open after it clears the mark before any commit), so there is nothing to search.
  const endsAtCleanClose = control.closedCleanly && resumeLsn === nextRecordStart(geometry, control.logEndLsn);
  const laterRecordLsn = endsAtCleanClose ? undefined : findLaterFlushRecord(geometry, source, scan.stopLsn, verifyChecksum);
  const row = decideRecovery({
    logFound: true,
    laterFlushRecordFound: laterRecordLsn !== undefined,
    stopsBeforeProvenEnd: resumeLsn < nextRecordStart(geometry, provenEndLsn),
    endsAtCleanClose,
    stopKind: scan.stopKind,
  });
  let outcome: RecoveryOutcome;
  switch (row.decision) {
    case 'corrupt':
      throw corruptionError(geometry, scan, laterRecordLsn, { lsn: provenEndLsn, witness: proven.lsn >= control.logEndLsn ? proven.segment : undefined }, row.why);
    case 'empty':
      throw new EngineError('CORRUPT', 'a control file was found but the table decided the store is empty');
    case 'clean-shutdown':
    case 'clean-end':
    case 'zero-filled-tail':
    case 'stale-recycled-record':
    case 'torn-tail':
      outcome = row.decision;
      break;
    default:
      return assertNever(row.decision, 'recovery decision');
  }
  // Decided intact: from here on recovery may change the directory.
  removeLeftovers(fileSystem, directory, inventory, control.dataFileName);
  const existingSegments = new Set(inventory.segments);
  const tail: TailResult = endsAtCleanClose
    ? { endLsn: resumeLsn, zeroedBytes: 0 }
    : defects.has('append-after-torn-tail')
      ? skipTornBytes(geometry, source, scan.validEndLsn)
      : repairTail(fileSystem, directory, geometry, durability, source, existingSegments, scan.validEndLsn, !defects.has('skip-sync-after-zeroing-torn-tail'));
  const reopened: ControlRecord = { ...control, closedCleanly: false };
  if (control.closedCleanly) installControlFile(fileSystem, directory, durability, reopened);
  return {
    state,
    endLsn: tail.endLsn,
    lastRecordLsn: scan.lastRecordLsn,
    control: reopened,
    existingSegments,
    outcome,
    commitsReplayed: scan.commitsReplayed,
    tornBytesTruncated: tail.zeroedBytes,
  };
}

/**
 * A new store: the control file comes first, with the options that shape the
 * on-disk format, so it is durable before any segment exists or any commit is
 * acknowledged.
 */
function createStore(
  fileSystem: FileSystem,
  directory: string,
  geometry: SegmentGeometry,
  durability: Durability,
  inventory: StoreInventory,
): RecoveredStore {
  removeLeftovers(fileSystem, directory, inventory, '');
  // Headerless segments of a creation cut short (or, with sync method `off`, the
  // remains of a store whose control file a power loss took): never read again.
  for (const segmentNumber of inventory.segments) fileSystem.remove(joinPath(directory, geometry.fileName(segmentNumber)));
  const redoLsn = geometry.segmentStartLsn(1);
  const control: ControlRecord = {
    segmentSizeBytes: geometry.segmentSizeBytes,
    redoLsn,
    redoPreviousLsn: LSN_NONE,
    checkpointSequence: 0,
    dataFileSizeBytes: 0,
    dataFileName: '',
    storeId: randomInt(1, STORE_ID_LIMIT),
    logEndLsn: redoLsn,
    closedCleanly: false,
  };
  installControlFile(fileSystem, directory, durability, control);
  return {
    state: new CommittedState(new Map()),
    endLsn: nextRecordStart(geometry, redoLsn),
    lastRecordLsn: LSN_NONE,
    control,
    existingSegments: new Set(),
    outcome: 'empty',
    commitsReplayed: 0,
    tornBytesTruncated: 0,
  };
}

function controlFileReadable(fileSystem: FileSystem, directory: string, inventory: StoreInventory): boolean {
  if (!inventory.controlFilePresent) return false;
  return typeof decodeControlFile(fileSystem.readFile(joinPath(directory, CONTROL_FILE_FORMAT.fileName))) !== 'string';
}

/** Removes temp files and data files the control file does not name (a crash inside a checkpoint leaves them). */
function removeLeftovers(fileSystem: FileSystem, directory: string, inventory: StoreInventory, dataFileName: string): void {
  for (const name of inventory.tempFiles) fileSystem.remove(joinPath(directory, name));
  for (const name of inventory.dataFiles) {
    if (name !== dataFileName) fileSystem.remove(joinPath(directory, name));
  }
}

function corruptionError(
  geometry: SegmentGeometry,
  scan: ScanResult,
  laterRecordLsn: Lsn | undefined,
  proven: { readonly lsn: Lsn; readonly witness: string | undefined },
  why: string,
): EngineError {
  const segment = geometry.fileName(geometry.segmentNumberOf(scan.stopLsn));
  const offsetBytes = geometry.offsetInSegment(scan.stopLsn);
  const evidence =
    laterRecordLsn !== undefined
      ? `followed by a valid record in segment ${geometry.fileName(geometry.segmentNumberOf(laterRecordLsn))} at offset ${geometry.offsetInSegment(laterRecordLsn)}`
      : `but ${proven.witness === undefined ? 'the control file' : `the header of segment ${proven.witness}`} proves the log reached ${formatLsn(proven.lsn)}`;
  return new EngineError('CORRUPT', `WAL corrupt in segment ${segment} at offset ${offsetBytes} (${scan.stopReason}), ${evidence}: ${why}`, {
    segment,
    offsetBytes,
  });
}

/** Maps a file-system failure during open to an engine error with the real cause's code (EEXIST, EISDIR, EACCES...). */
export function openFailure(error: unknown): unknown {
  if (!(error instanceof FileSystemError)) return error;
  const kept = OPEN_FAILURE_CODES.find((candidate) => candidate === error.code);
  const code = kept ?? (error.code === 'ENOSPC' ? 'ENOSPC' : 'EIO');
  return new EngineError(code, `recovery failed: ${error.message}`, { injected: error.injected }, { cause: error });
}
