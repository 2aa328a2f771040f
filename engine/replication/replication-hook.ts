/**
 * The narrow seam between the engine's WAL writer and streaming replication:
 * the engine tells the hook what it made durable and asks it when a flushed
 * batch may be acknowledged; the hook reads the log back through what the
 * engine hands it in `attach`. The engine imports only these types, so a store
 * without replication pays nothing.
 */
import type { Lsn } from '../wal/lsn.js';

/** One commit as replication ships it: its LSN, transaction id and encoded payload (commit-payload.ts). */
export interface ReplicatedCommit {
  readonly lsn: Lsn;
  readonly tx: number;
  readonly payload: Buffer;
}

/** The commits read back from the log for a replica that is behind, or why they cannot be. */
export type CatchUpRead =
  | { readonly kind: 'ok'; readonly commits: readonly ReplicatedCommit[]; readonly endLsn: Lsn }
  | { readonly kind: 'refused'; readonly code: 'START_LSN_NOT_RETAINED' | 'DIVERGED' | 'TOO_FAR_BEHIND'; readonly message: string };

/** What the engine offers replication: its position and a reader of its retained WAL (and archive). */
export interface ReplicationLog {
  readonly timeline: number;
  readonly segmentSizeBytes: number;
  /** The end of the locally durable log. */
  durableEndLsn(): Lsn;
  /** Reads every commit from `fromLsn` (whose previous record is at `previousLsn`) to the durable end. */
  readCommitsFrom(fromLsn: Lsn, previousLsn: Lsn, bytesMax: number): CatchUpRead;
  /** The replica reported a new flushed LSN (change data capture publishes min(local durable, replica flushed) in synchronous mode). */
  replicaFlushed(): void;
}

/** Replication status, part of the protocol's `status` answer. */
export type ReplicationStatus =
  | {
      readonly role: 'primary';
      readonly synchronous: boolean;
      readonly replicaConnected: boolean;
      /** The end of what was sent, flushed and applied by the replica, `X/Y` (0/0 before any feedback). */
      readonly sentLsn: string;
      readonly flushedLsn: string;
      readonly appliedLsn: string;
      /** Locally durable WAL the replica has not flushed yet. */
      readonly lagBytes: number;
      /** Seconds since the oldest locally durable commit the replica has not flushed became durable. */
      readonly lagSeconds: number;
      /** Flushed commits whose acknowledgement waits for the replica (synchronous mode). */
      readonly commitsWaiting: number;
      readonly lastError: string | null;
    }
  | {
      readonly role: 'replica';
      readonly connected: boolean;
      readonly promoted: boolean;
      readonly flushedLsn: string;
      readonly appliedLsn: string;
      /** The primary's durable end as last heard from it. */
      readonly primaryEndLsn: string;
      readonly lagBytes: number;
      /** Seconds since the oldest commit the primary had made durable and this replica has not flushed (0 when caught up). */
      readonly lagSeconds: number;
      readonly lastError: string | null;
    };

/** What the engine calls on the primary. */
export interface ReplicationHook {
  /** Called once by the engine after recovery. */
  attach(log: ReplicationLog): void;
  /** A group flush is locally durable: ship its commits. */
  batchDurable(commits: readonly ReplicatedCommit[], endLsn: Lsn): void;
  /** Synchronous mode: what the replica has flushed (0 before it said); undefined when asynchronous. */
  synchronousFlushedLsn(): Lsn | undefined;
  /** Undefined to acknowledge at once, or a promise that settles when commits up to `endLsn` may be acknowledged (rejects with an EngineError). */
  ackGate(endLsn: Lsn): Promise<void> | undefined;
  status(): ReplicationStatus;
  /** Stops serving replicas; pending acknowledgement waits are rejected. */
  close(): Promise<void>;
}
