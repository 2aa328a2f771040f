/**
 * The `status` request's figures (protocol.ts): WAL on disk, the archiver's
 * progress and, on a replicated store, the replication lag.
 */
import type { WalStatus } from '../archive/archive-settings.js';
import { formatLsn, type Lsn } from '../wal/lsn.js';
import type { EngineParts } from './engine-parts.js';

/** The WAL status of a store with `segmentsOnDisk` segment files whose log ends at `endLsn`. */
export function walStatusOf(parts: EngineParts, segmentsOnDisk: number, endLsn: Lsn): WalStatus {
  return {
    timeline: parts.geometry.timelineId,
    endLsn: formatLsn(endLsn),
    walBytes: segmentsOnDisk * parts.geometry.segmentSizeBytes,
    segmentsOnDisk,
    archive: parts.archiver?.status(endLsn) ?? null,
    ...(parts.replication === undefined ? {} : { replication: parts.replication.status() }),
  };
}
