/**
 * The reference engine's public types: options, writes, receipts, recovery
 * reports and the typed errors it throws for operating conditions. The engine
 * implementation lives in `store/`; this file is the contract the protocol host,
 * the harness and library users program against.
 */
import type { ArchiveSettings, WalStatus } from './archive/archive-settings.js';
import type { FileSystem } from './fs/file-system.js';
import type { ReplicationHook } from './replication/replication-hook.js';

/** How the WAL is made durable; `off` is the misconfiguration the harness must catch. */
export const SYNC_METHODS = ['fdatasync', 'fsync', 'open_datasync', 'open_sync', 'off'] as const;
/** One of `SYNC_METHODS`. */
export type SyncMethod = (typeof SYNC_METHODS)[number];

/**
 * Named durability bugs that can be switched on, each a real-world bug class the
 * harness must detect. Off by default; see `store/defects.ts` for what each models.
 */
export const DEFECT_NAMES = [
  'ack-before-sync',
  'skip-dir-sync',
  'skip-checksum',
  'retry-fsync-after-error',
  'recycle-before-checkpoint-sync',
  'append-after-torn-tail',
  'skip-sync-after-zeroing-torn-tail',
  'recycle-before-archived',
  'archive-rename-without-dir-sync',
  'ack-before-replica-flush',
  'cdc-emits-before-durable',
] as const;
/** One of `DEFECT_NAMES`. */
export type DefectName = (typeof DEFECT_NAMES)[number];

/** A key/value change: a string value puts, `null` deletes. */
export type Write = readonly [key: string, value: string | null];

/** Limits the engine enforces on input; exceeding one is a `BAD_REQUEST` error naming the field. */
export const ENGINE_LIMITS = Object.freeze({
  keySizeBytesMax: 1024,
  valueSizeBytesMax: 1024 * 1024,
  writesPerCommitMax: 1024,
  /** Encoded size of one commit's changes (keys, values and their length fields). */
  commitSizeBytesMax: 16 * 1024 * 1024,
  /** Commits waiting for the next group flush; beyond it commits are refused with `QUEUE_FULL`. */
  pendingCommitsMax: 65_536,
});

/** Options of `openEngine`. */
export interface EngineOptions {
  /** The data directory; created when missing. */
  readonly directory: string;
  /** The file system to use. @defaultValue a `NodeFileSystem` */
  readonly fileSystem?: FileSystem;
  /** @defaultValue 'fdatasync' */
  readonly syncMethod?: SyncMethod;
  /** WAL segment size; a power of two from 4 KiB to 1 GiB. @defaultValue 16 MiB */
  readonly segmentSizeBytes?: number;
  /** Checkpoint automatically once this much WAL was written since the last one. @defaultValue 4 segments */
  readonly checkpointWalBytes?: number;
  /** Defects to switch on. @defaultValue none */
  readonly defects?: readonly DefectName[];
  /** WAL archiving of completed segments (see `archive/archive-settings.ts`). @defaultValue off */
  readonly archive?: ArchiveSettings;
  /** Streams the WAL to a replica (engine/replication/replication-sender.ts). @defaultValue none */
  readonly replication?: ReplicationHook;
  /** Calls `onWalWarning` when the WAL on disk grows past this many bytes. @defaultValue no alarm */
  readonly walWarnBytes?: number;
  /** Receives the WAL-bloat alarm's one-line warning (once per crossing of `walWarnBytes`). */
  readonly onWalWarning?: (line: string, status: WalStatus) => void;
  /**
   * Publish the durable end of the log after every WAL sync in the store's
   * flush-LSN slot (cdc/flush-lsn-slot.ts), so change-data-capture readers emit
   * only durable commits. @defaultValue false
   */
  readonly publishFlushLsn?: boolean;
}

/** What `commit` resolves to, only once the commit is durable. */
export interface CommitReceipt {
  readonly tx: number;
  /** The LSN of the commit's first record, printed as `X/Y` hex. */
  readonly lsn: string;
}

/** How recovery ended, one row of the recovery decision table. */
export type RecoveryOutcome = 'empty' | 'clean-shutdown' | 'clean-end' | 'zero-filled-tail' | 'torn-tail' | 'stale-recycled-record';

/** What recovery found and did; printed in the protocol's `ready` line. */
export interface RecoveryReport {
  readonly outcome: RecoveryOutcome;
  /** Where replay started (the last checkpoint's redo point). */
  readonly checkpointLsn: string;
  /** The end of the valid log, where the next record will go. */
  readonly endLsn: string;
  readonly commitsReplayed: number;
  /** Bytes of torn tail zeroed before the first new append (0 when none). */
  readonly tornBytesTruncated: number;
  readonly durationMs: number;
}

/** Counters for tests and benchmarks. */
export interface EngineStats {
  readonly commitsAcknowledged: number;
  readonly groupFlushes: number;
  readonly syncs: number;
  readonly checkpoints: number;
  readonly walBytesWritten: number;
}

/** Error codes for operating conditions (never for our own bugs, which are assertions). */
export type EngineErrorCode =
  | 'CORRUPT'
  | 'EIO'
  | 'ENOSPC'
  | 'POISONED'
  | 'CLOSED'
  /** A commit's input is malformed or breaks a limit: the message names the field (`writes[3][0] (the key)`); the protocol uses the same code. */
  | 'BAD_REQUEST'
  /** An option of `openEngine` or of an offline tool is malformed (a bad segment size, a missing directory). */
  | 'INVALID_ARGUMENT'
  | 'QUEUE_FULL'
  /** A replica refuses commits until it is promoted. */
  | 'READ_ONLY'
  /** Synchronous replication: the replica did not confirm the commit in time; it is durable locally, its fate after a failover is unknown. */
  | 'REPLICA_TIMEOUT'
  /** A replicated commit would not land at the primary's LSN: the replica's log is not a copy of the primary's. */
  | 'DIVERGED'
  /** Opening failed because of what is at the path: the file-system error's own code, so the fatal line names the real cause. */
  | OpenFailureCode;

/** File-system codes an open failure keeps (anything else there is EIO). */
export const OPEN_FAILURE_CODES = ['EEXIST', 'EISDIR', 'ENOTDIR', 'ENOENT', 'EACCES', 'EPERM', 'EROFS'] as const;
/** One of `OPEN_FAILURE_CODES`. */
export type OpenFailureCode = (typeof OPEN_FAILURE_CODES)[number];

/** A typed engine error. `CORRUPT` errors name the segment file and offset. */
export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly details: { readonly segment?: string; readonly offsetBytes?: number; readonly injected?: boolean } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An open engine. Obtain one with `openEngine`. */
export interface Engine {
  /** What recovery found when the engine was opened. */
  readonly recovery: RecoveryReport;
  /** Commits a batch of writes atomically; resolves only once durable (group commit). */
  commit(tx: number, writes: readonly Write[]): Promise<CommitReceipt>;
  /** The committed value of a key, or undefined. */
  get(key: string): string | undefined;
  /** Every committed key/value, sorted by key. */
  dump(): readonly (readonly [string, string])[];
  /** The current end of the log, `X/Y`. */
  lsn(): string;
  /** Applies the log to the data file and recycles old segments. */
  checkpoint(): Promise<void>;
  /** Flushes pending commits and closes; idempotent. */
  close(): Promise<void>;
  stats(): EngineStats;
  /** WAL on disk and the archiver's progress: what the protocol's `status` request reports. */
  walStatus?(): WalStatus;
  /** A replica only: stops following the primary and starts a new timeline that accepts commits. */
  promote?(): Promise<PromoteReceipt>;
}

/** What promoting a replica did. */
export interface PromoteReceipt {
  /** The new timeline. */
  readonly timeline: number;
  /** Where the new timeline starts, `X/Y`: the end of the last replicated commit. */
  readonly lsn: string;
}
