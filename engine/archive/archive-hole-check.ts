/**
 * The check that keeps a restore from quietly restoring less than the archive
 * holds. A replay that stops at a missing segment or at damaged bytes looks,
 * to the scan, just like the end of the WAL. It is the end only when nothing
 * valid follows: recovery's own search (later-record-search.ts) looks for a
 * record written by a later group flush, which proves the WAL went on past the
 * stop, so the stop is a hole (a segment lost from the archive) or damage, and
 * restoring "to the end" or to a target past it would drop acknowledged commits.
 */
import { EngineError } from '../engine-types.js';
import type { FileSystem } from '../fs/file-system.js';
import { joinPath } from '../fs/file-system.js';
import type { Lsn } from '../wal/lsn.js';
import { formatLsn } from '../wal/lsn.js';
import { findLaterFlushRecord } from '../wal/later-record-search.js';
import { SegmentGeometry } from '../wal/segment-geometry.js';
import type { SegmentSource } from '../wal/segment-source.js';
import type { ScanResult } from '../wal/wal-scan.js';

/** Throws CORRUPT, naming the segment, when valid WAL of a later flush follows the place `scan` stopped at. */
export function refuseHoleInArchive(
  fileSystem: FileSystem,
  archiveDirectory: string,
  geometry: SegmentGeometry,
  source: SegmentSource,
  scan: ScanResult,
  timelineAt: (lsn: Lsn) => number,
): void {
  const laterLsn = findLaterFlushRecord(geometry, source, scan.stopLsn, true);
  if (laterLsn === undefined) return;
  const nameAt = (lsn: Lsn): string => new SegmentGeometry(geometry.segmentSizeBytes, timelineAt(lsn)).fileName(geometry.segmentNumberOf(lsn));
  const segment = nameAt(scan.stopLsn);
  const goesOn = `but the WAL goes on at ${formatLsn(laterLsn)} in ${nameAt(laterLsn)}; restoring past it would lose commits, so the restore stops`;
  const advice = `(put an intact copy of ${segment} into the archive, or choose a target before ${formatLsn(scan.validEndLsn)})`;
  if (scan.stopKind === 'missing-segment') {
    throw new EngineError('CORRUPT', `WAL segment ${segment} is missing from the archive, ${goesOn} ${advice}`, { segment, offsetBytes: 0 });
  }
  const offsetBytes = geometry.offsetInSegment(scan.stopLsn);
  if (!fileSystem.exists(joinPath(archiveDirectory, segment))) {
    // The bytes read came from another directory (a backup's or a store's own, possibly an old recycled file).
    throw new EngineError('CORRUPT', `WAL segment ${segment} is missing from the archive, and the copy found elsewhere is unusable at offset ${offsetBytes} (${scan.stopReason}), ${goesOn} ${advice}`, { segment, offsetBytes });
  }
  throw new EngineError('CORRUPT', `WAL segment ${segment} is damaged at offset ${offsetBytes} (LSN ${formatLsn(scan.stopLsn)}: ${scan.stopReason}), ${goesOn} ${advice}`, { segment, offsetBytes });
}
