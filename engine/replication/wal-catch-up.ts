/**
 * Reads commits back from a primary's WAL for a replica that is behind: from
 * the replica's flushed LSN to the primary's durable end, through the segments
 * still on disk and, when the primary archives, the archive (read first: it
 * holds completed segments whole, while the store's directory may hold a
 * recycled spare under the same number). A start the WAL no longer holds is
 * refused naming both LSNs, never served with a hole.
 */
import type { FileSystem } from '../fs/file-system.js';
import { readHistory } from '../archive/timeline-history.js';
import { TimelineSegmentSource } from '../archive/timeline-segment-source.js';
import { encodeCommitPayload } from '../wal/commit-payload.js';
import { formatLsn, type Lsn } from '../wal/lsn.js';
import type { SegmentGeometry } from '../wal/segment-geometry.js';
import { scanWal } from '../wal/wal-scan.js';
import type { CatchUpRead, ReplicatedCommit } from './replication-hook.js';

class CatchUpTooLarge extends Error {}

/** Where a primary's WAL can be read back from. */
export interface CatchUpSource {
  readonly fileSystem: FileSystem;
  readonly directory: string;
  readonly geometry: SegmentGeometry;
  /** The archive directory, when the primary archives to one. */
  readonly archiveDirectory: string | undefined;
}

/** Reads every commit from `fromLsn` up to `durableEndLsn`, at most `bytesMax` of payload. */
export function readCommitsForCatchUp(source: CatchUpSource, fromLsn: Lsn, previousLsn: Lsn, durableEndLsn: Lsn, bytesMax: number): CatchUpRead {
  if (fromLsn >= durableEndLsn) return { kind: 'ok', commits: [], endLsn: durableEndLsn };
  const { fileSystem, directory, geometry, archiveDirectory } = source;
  const history = readHistory(fileSystem, directory, geometry.timelineId);
  if (typeof history === 'string') return { kind: 'refused', code: 'DIVERGED', message: `the primary's timeline history is damaged: ${history}` };
  const directories = archiveDirectory === undefined ? [directory] : [archiveDirectory, directory];
  const segments = new TimelineSegmentSource(fileSystem, directories, geometry.segmentSizeBytes, geometry.timelineId, history);
  const commits: ReplicatedCommit[] = [];
  let bytes = 0;
  let scan;
  try {
    scan = scanWal(geometry, segments, { lsn: fromLsn, previousLsn }, true, (tx, writes, lsn) => {
      const payload = encodeCommitPayload(writes);
      bytes += payload.length;
      if (bytes > bytesMax) throw new CatchUpTooLarge();
      commits.push({ lsn, tx, payload });
    });
  } catch (error) {
    if (!(error instanceof CatchUpTooLarge)) throw error;
    return { kind: 'refused', code: 'TOO_FAR_BEHIND', message: `the replica at ${formatLsn(fromLsn)} is more than ${bytesMax} bytes of commits behind the primary's end ${formatLsn(durableEndLsn)}; take a fresh copy` };
  }
  if (scan.validEndLsn >= durableEndLsn) return { kind: 'ok', commits, endLsn: scan.validEndLsn };
  if (scan.stopKind === 'missing-segment' || scan.stopKind === 'stale') {
    const oldest = oldestRetainedLsn(fileSystem, directory, geometry);
    const where = archiveDirectory === undefined ? 'and does not archive' : `and its archive lacks segment ${geometry.fileName(geometry.segmentNumberOf(scan.stopLsn))}`;
    return {
      kind: 'refused',
      code: 'START_LSN_NOT_RETAINED',
      message: `the replica needs WAL from ${formatLsn(scan.validEndLsn)}, but the primary retains WAL only from ${oldest === undefined ? 'nowhere' : formatLsn(oldest)} ${where}`,
    };
  }
  return {
    kind: 'refused',
    code: 'DIVERGED',
    message: `the primary's WAL from the replica's position ${formatLsn(fromLsn)} stops at ${formatLsn(scan.stopLsn)} (${scan.stopReason}), before its durable end ${formatLsn(durableEndLsn)}: the replica's history differs from the primary's`,
  };
}

function oldestRetainedLsn(fileSystem: FileSystem, directory: string, geometry: SegmentGeometry): Lsn | undefined {
  const numbers = fileSystem
    .list(directory)
    .map((name) => geometry.parseFileName(name))
    .filter((number): number is number => number !== undefined);
  return numbers.length === 0 ? undefined : geometry.segmentStartLsn(Math.min(...numbers));
}
