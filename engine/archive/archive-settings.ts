/**
 * What a user configures about WAL archiving, and what the engine reports about
 * it. Archiving copies every completed WAL segment somewhere safe before the
 * engine may recycle or remove it, as PostgreSQL's `archive_mode` does: to a
 * directory (copy, sync, rename, sync the directory) or through a shell command
 * with PostgreSQL's placeholders (`%p` the segment's path, `%f` its file name),
 * which must exit 0 only once its copy is durable.
 */
import type { ReplicationStatus } from '../replication/replication-hook.js';

/** Where completed segments go. */
export type ArchiveDestination =
  | { readonly kind: 'directory'; readonly directory: string }
  | { readonly kind: 'command'; readonly command: string };

/** Archiving options of `openEngine`. */
export interface ArchiveSettings {
  readonly destination: ArchiveDestination;
  /** First retry delay after a failed attempt; doubles per failure. @defaultValue 100 ms */
  readonly retryDelayMsMin?: number;
  /** The backoff's ceiling: a failing archiver retries at least this often. @defaultValue 10 000 ms */
  readonly retryDelayMsMax?: number;
  /** An archive command still running after this long is killed and counted as failed. @defaultValue 60 000 ms */
  readonly commandTimeoutMs?: number;
  /** The wall clock commit times are read from (tests and simulations inject one). @defaultValue Date.now */
  readonly clockMs?: () => number;
}

/** Frozen defaults and bounds of the archiver. */
export const ARCHIVE_LIMITS = Object.freeze({
  retryDelayMsMin: 100,
  retryDelayMsMax: 10_000,
  commandTimeoutMs: 60_000,
  /** The directory archiver copies at most this much per event-loop turn, so commits interleave. */
  copyChunkBytes: 1024 * 1024,
  /** Longest archive-command output kept for the error message. */
  commandOutputBytesMax: 4096,
});

/** The archiver's progress, part of `WalStatus`. */
export interface ArchiveStatus {
  readonly destination: 'directory' | 'command';
  /** Completed segments not yet durably archived. */
  readonly segmentsWaiting: number;
  /** WAL bytes written but not archived: from the oldest waiting segment's start to the end of the log. */
  readonly lagBytes: number;
  /** Seconds since the oldest waiting segment was completed (0 when none waits). */
  readonly lagSeconds: number;
  /** The last segment archived, or null before the first. */
  readonly lastArchivedSegment: string | null;
  readonly segmentsArchived: number;
  /** Failed attempts since the last success. */
  readonly failuresInARow: number;
  /** The last failure's message, or null. */
  readonly lastError: string | null;
}

/** WAL on disk and the archiver's progress: the answer to the protocol's `status` request. */
export interface WalStatus {
  readonly timeline: number;
  /** The end of the log, `X/Y`. */
  readonly endLsn: string;
  /** Bytes of WAL segment files on disk (preallocated and recycled spares included). */
  readonly walBytes: number;
  readonly segmentsOnDisk: number;
  /** null when archiving is off. */
  readonly archive: ArchiveStatus | null;
  /** Streaming replication's progress; absent when this store neither serves nor follows a primary. */
  readonly replication?: ReplicationStatus;
}
