/**
 * What the reference engine hands streaming replication (replication-hook.ts):
 * its position and a reader of its retained WAL and archive, and the commits
 * of a flushed batch as the wire ships them. Kept here so the engine's own
 * file holds only the calls.
 */
import type { EngineParts } from '../store/engine-parts.js';
import type { EncodedBatch } from '../wal/batch-encoder.js';
import { formatLsn, type Lsn } from '../wal/lsn.js';
import { EngineError } from '../engine-types.js';
import type { ReplicatedCommit, ReplicationLog } from './replication-hook.js';
import { readCommitsForCatchUp } from './wal-catch-up.js';

/** The log a primary's replication sender reads; `durableEndLsn` is the engine's current end. */
export function replicationLogOf(parts: EngineParts, durableEndLsn: () => Lsn, replicaFlushed: () => void): ReplicationLog {
  const source = { fileSystem: parts.fileSystem, directory: parts.directory, geometry: parts.geometry, archiveDirectory: parts.archiveDirectory };
  return {
    timeline: parts.geometry.timelineId,
    segmentSizeBytes: parts.geometry.segmentSizeBytes,
    durableEndLsn,
    readCommitsFrom: (fromLsn, previousLsn, bytesMax) => readCommitsForCatchUp(source, fromLsn, previousLsn, durableEndLsn(), bytesMax),
    replicaFlushed,
  };
}

/** The commits of a flushed batch (in order, with their payloads) as replication ships them. */
export function replicatedCommits(batch: readonly { readonly tx: number; readonly payload: Buffer }[], encoded: EncodedBatch): ReplicatedCommit[] {
  return batch.map((commit, index) => ({ lsn: encoded.commitLsns[index] ?? encoded.startLsn, tx: commit.tx, payload: commit.payload }));
}

/**
 * A replica's apply path lands each commit at the very LSN the primary gave it
 * (the batch encoder is deterministic); the first commit of `batch` that
 * `encoded` would put elsewhere makes the whole batch DIVERGED, or undefined.
 */
export function divergedBatchError(batch: readonly { readonly tx: number; readonly expectedLsn?: Lsn | undefined }[], encoded: EncodedBatch): EngineError | undefined {
  const diverged = batch.findIndex((commit, index) => commit.expectedLsn !== undefined && commit.expectedLsn !== encoded.commitLsns[index]);
  if (diverged < 0) return undefined;
  return new EngineError(
    'DIVERGED',
    `replicated commit tx ${batch[diverged]?.tx} belongs at ${formatLsn(batch[diverged]?.expectedLsn ?? 0)} but this log would put it at ${formatLsn(encoded.commitLsns[diverged] ?? 0)}: this replica's log is not a copy of the primary's`,
  );
}
