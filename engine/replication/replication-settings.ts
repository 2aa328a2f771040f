/**
 * Options and frozen limits of streaming replication, for the primary
 * (`openReplicationSender`) and the replica (`openReplica`).
 */

/** Frozen defaults and bounds. */
export const REPLICATION_LIMITS = Object.freeze({
  /** Bytes handed to the socket and not yet taken by the kernel; beyond it the replica is dropped (it reconnects and catches up from the WAL). */
  unsentBytesMax: 64 * 1024 * 1024,
  /** The most WAL a catch-up reads into memory at once; a replica further behind is told TOO_FAR_BEHIND. */
  catchUpBytesMax: 256 * 1024 * 1024,
  /** Synchronous mode: a flushed commit not confirmed by the replica within this long is answered REPLICA_TIMEOUT (fate unknown); below the harness client's 20 s request timeout, so a slow replica is an answer, not a hung engine. */
  synchronousWaitMsDefault: 10_000,
  /** The replica's reconnect backoff: first delay, doubling to the ceiling. */
  reconnectDelayMsMin: 50,
  reconnectDelayMsMax: 2_000,
  /** The replica stops reading the socket while this many received commits wait for its own flush. */
  replicaCommitsInFlightMax: 4_096,
  /** Durable batches remembered for the lag in seconds; older ones are forgotten (the lag is then a lower bound). */
  lagSamplesMax: 65_536,
  /** One replica at a time (the synchronous one). */
  replicasMax: 1,
});

/** The primary's replication options. */
export interface ReplicationSenderSettings {
  /** The unix socket path replicas connect to (created; a stale socket file there is replaced). */
  readonly socketPath: string;
  /** Acknowledge a commit only once the replica has flushed it. @defaultValue false */
  readonly synchronous?: boolean;
  /** @defaultValue REPLICATION_LIMITS.synchronousWaitMsDefault */
  readonly synchronousWaitMs?: number;
  /** The defect: acknowledge once the commit was handed to the replica's socket, not once it flushed it. */
  readonly ackOnSend?: boolean;
}
