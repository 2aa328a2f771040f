/**
 * Recovery: load the last checkpoint (control file, then the data file it names),
 * replay the WAL from the checkpoint's redo point, let the recovery table decide
 * what the end of the log means, and make the end of the log safe to append to
 * (zero the torn bytes and sync them BEFORE any new record is written).
 */
import type { FileSystem } from '../fs/file-system.js';
import { FileSystemError, joinPath } from '../fs/file-system.js';
import { EngineError } from '../engine-types.js';
import type { RecoveryOutcome } from '../engine-types.js';
import { assert } from '../invariants.js';
import { nextRecordStart } from '../wal/batch-encoder.js';
import { findLaterFlushRecord } from '../wal/later-record-search.js';
import type { Lsn } from '../wal/lsn.js';
import { alignUp, LSN_NONE } from '../wal/lsn.js';
import { RECORD_FORMAT } from '../wal/record-format.js';
import { decideRecovery } from '../wal/recovery-table.js';
import type { RecoveryRow } from '../wal/recovery-table.js';
import type { SegmentGeometry } from '../wal/segment-geometry.js';
import { DirectorySegmentSource } from '../wal/segment-source.js';
import { scanWal } from '../wal/wal-scan.js';
import type { ScanResult } from '../wal/wal-scan.js';
import type { DefectSet } from './defects.js';
import type { Durability } from './durability-policy.js';
import { isDataFileName } from './data-file.js';
import { loadCheckpoint } from './load-checkpoint.js';
import { TEMP_FILE_SUFFIX } from './wal-writer.js';

/** What recovery hands to the engine. */
export interface RecoveredStore {
  readonly state: Map<string, string>;
  readonly endLsn: Lsn;
  readonly lastRecordLsn: Lsn;
  readonly redoLsn: Lsn;
  readonly checkpointSequence: number;
  readonly dataFileName: string | undefined;
  readonly existingSegments: Set<number>;
  readonly outcome: RecoveryOutcome;
  readonly commitsReplayed: number;
  readonly tornBytesTruncated: number;
}

/** Recovers the store in `directory`; throws EngineError('CORRUPT') naming segment and offset. */
export function recoverStore(
  fileSystem: FileSystem,
  directory: string,
  geometry: SegmentGeometry,
  durability: Durability,
  defects: DefectSet,
): RecoveredStore {
  fileSystem.mkdirAll(directory);
  const names = fileSystem.list(directory);
  for (const name of names) {
    if (name.endsWith(TEMP_FILE_SUFFIX)) fileSystem.remove(joinPath(directory, name));
  }
  const checkpoint = loadCheckpoint(fileSystem, directory, names, geometry);
  // A crash between installing a checkpoint and removing the previous data
  // file leaves that file behind; only the one the control file names counts.
  for (const name of names) {
    if (isDataFileName(name) && name !== checkpoint.control?.dataFileName) fileSystem.remove(joinPath(directory, name));
  }
  const existingSegments = new Set<number>();
  for (const name of names) {
    const segmentNumber = geometry.parseFileName(name);
    if (segmentNumber !== undefined) existingSegments.add(segmentNumber);
  }
  const logFound = checkpoint.control !== undefined || existingSegments.size > 0;
  const redoLsn = checkpoint.control?.redoLsn ?? geometry.segmentStartLsn(1);
  const redoPreviousLsn = checkpoint.control?.redoPreviousLsn ?? LSN_NONE;
  const state = new Map<string, string>(checkpoint.entries);
  const source = new DirectorySegmentSource(fileSystem, directory, geometry, existingSegments);
  const verifyChecksum = !defects.has('skip-checksum');
  const scan: ScanResult = scanWal(geometry, source, { lsn: redoLsn, previousLsn: redoPreviousLsn }, verifyChecksum, (_tx, writes) => {
    for (const [key, value] of writes) {
      if (value === null) state.delete(key);
      else state.set(key, value);
    }
  });
  const laterRecordLsn = logFound ? findLaterFlushRecord(geometry, source, scan.stopLsn, verifyChecksum) : undefined;
  const row = decideRecovery({ logFound, stopKind: scan.stopKind, laterFlushRecordFound: laterRecordLsn !== undefined });
  if (row.decision === 'corrupt') throw corruptionError(geometry, scan, laterRecordLsn, row);
  const outcome: RecoveryOutcome = row.decision;
  const tail = defects.has('append-after-torn-tail')
    ? skipTornBytes(geometry, source.readSegment(geometry.segmentNumberOf(scan.validEndLsn)), scan.validEndLsn)
    : truncateTail(fileSystem, directory, geometry, durability, existingSegments, source, scan.validEndLsn);
  return {
    state,
    endLsn: tail.endLsn,
    lastRecordLsn: scan.lastRecordLsn,
    redoLsn,
    checkpointSequence: checkpoint.control?.checkpointSequence ?? 0,
    dataFileName: checkpoint.control?.dataFileName,
    existingSegments,
    outcome,
    commitsReplayed: scan.commitsReplayed,
    tornBytesTruncated: tail.zeroedBytes,
  };
}

/** Where appends resume and how many bytes were zeroed to make that safe. */
interface TailResult {
  readonly endLsn: Lsn;
  readonly zeroedBytes: number;
}

/**
 * Zeroes every non-zero byte after the last whole commit in its segment and
 * removes every later segment, then syncs: whatever a crash left there (a torn
 * record, surviving blocks of the torn write) can never be read as log again.
 */
function truncateTail(
  fileSystem: FileSystem,
  directory: string,
  geometry: SegmentGeometry,
  durability: Durability,
  existingSegments: Set<number>,
  source: DirectorySegmentSource,
  validEndLsn: Lsn,
): TailResult {
  const segmentNumber = geometry.segmentNumberOf(validEndLsn);
  const segment = source.readSegment(segmentNumber);
  let zeroedBytes = 0;
  if (segment !== undefined) {
    const start = geometry.offsetInSegment(validEndLsn);
    const end = lastNonZeroEnd(segment, start);
    if (end > start) {
      const handle = fileSystem.open(joinPath(directory, geometry.fileName(segmentNumber)));
      try {
        handle.write(new Uint8Array(end - start), start);
        durability.syncFile(handle);
      } finally {
        handle.close();
      }
      zeroedBytes = end - start;
    }
  }
  const later = [...existingSegments].filter((number) => number > segmentNumber);
  for (const number of later) {
    fileSystem.remove(joinPath(directory, geometry.fileName(number)));
    existingSegments.delete(number);
  }
  if (later.length > 0) durability.syncDirectory(directory);
  return { endLsn: nextRecordStart(geometry, validEndLsn), zeroedBytes };
}

/** The `append-after-torn-tail` defect: leave the torn bytes and resume after them. */
function skipTornBytes(geometry: SegmentGeometry, segment: Buffer | undefined, validEndLsn: Lsn): TailResult {
  if (segment === undefined) return { endLsn: nextRecordStart(geometry, validEndLsn), zeroedBytes: 0 };
  const start = geometry.offsetInSegment(validEndLsn);
  const end = alignUp(lastNonZeroEnd(segment, start), RECORD_FORMAT.alignmentBytes);
  return { endLsn: nextRecordStart(geometry, validEndLsn - start + Math.max(start, end)), zeroedBytes: 0 };
}

/** One past the last non-zero byte at or after `start`, or `start` when all are zero. */
function lastNonZeroEnd(bytes: Uint8Array, start: number): number {
  for (let index = bytes.length - 1; index >= start; index -= 1) {
    if (bytes[index] !== 0) return index + 1;
  }
  return start;
}

function corruptionError(geometry: SegmentGeometry, scan: ScanResult, laterRecordLsn: Lsn | undefined, row: RecoveryRow): EngineError {
  assert(laterRecordLsn !== undefined, 'corruption is proven by a later record');
  const segment = geometry.fileName(geometry.segmentNumberOf(scan.stopLsn));
  const offsetBytes = geometry.offsetInSegment(scan.stopLsn);
  const laterSegment = geometry.fileName(geometry.segmentNumberOf(laterRecordLsn));
  return new EngineError(
    'CORRUPT',
    `WAL corrupt in segment ${segment} at offset ${offsetBytes} (${scan.stopReason}), ` +
      `followed by a valid record in segment ${laterSegment} at offset ${geometry.offsetInSegment(laterRecordLsn)}: ${row.why}`,
    { segment, offsetBytes },
  );
}

/** Maps a file-system failure during open to an engine error. */
export function openFailure(error: unknown): unknown {
  if (!(error instanceof FileSystemError)) return error;
  const code = error.code === 'ENOSPC' ? 'ENOSPC' : 'EIO';
  return new EngineError(code, `recovery failed: ${error.message}`, { injected: error.injected }, { cause: error });
}
