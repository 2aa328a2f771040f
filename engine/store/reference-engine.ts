/**
 * The reference engine: an in-memory key/value map made durable by the WAL.
 *
 * Group commit: `commit` validates, queues and returns a promise; one tick
 * takes every queued commit (bounded), encodes them into ONE buffer, writes it
 * with one positional write per segment touched, syncs once per segment, and
 * only then applies and acknowledges them all. While a flush blocks in
 * fdatasync, new requests pile up and form the next batch. A checkpoint runs
 * in a tick after a flush, so it sees a consistent state. When the next turn
 * runs is `tick-scheduler.ts`.
 *
 * A failed write or sync poisons the engine (PostgreSQL's data_sync_retry=off):
 * the batch is rejected with EIO, later calls with POISONED, and it never
 * retries the sync, because Linux may have dropped the dirty pages already.
 */
import type { FileHandle } from '../fs/file-system.js';
import type { WalStatus } from '../archive/archive-settings.js';
import type { CommitReceipt, Engine, EngineStats, RecoveryReport, Write } from '../engine-types.js';
import { EngineError } from '../engine-types.js';
import { encodeBatch, type EncodedBatch } from '../wal/batch-encoder.js';
import { encodeCommitPayload } from '../wal/commit-payload.js';
import { formatLsn } from '../wal/lsn.js';
import { recordCleanClose, runCheckpoint } from './checkpoint-procedure.js';
import { CheckpointRequests, settle } from './checkpoint-requests.js';
import { CommitQueue, type PendingCommit } from './commit-queue.js';
import type { CommittedState } from './committed-state.js';
import { asWrites, validateCommit, validateCommitSize } from './commit-validation.js';
import { promisesDurability } from './durability-policy.js';
import type { EngineParts, LogPosition } from './engine-parts.js';
import { FlushLsnPublication } from './flush-lsn-publication.js';
import { poisonedError, poisonFrom } from './poison.js';
import { PrepareAhead } from './prepare-ahead.js';
import { TickScheduler } from './tick-scheduler.js';
import { syncTouchedSegments } from './wal-sync.js';
import { walStatusOf } from './wal-status-of.js';
import { WalWriter } from './wal-writer.js';
import { divergedBatchError, replicatedCommits, replicationLogOf } from '../replication/replication-log.js';
import type { Lsn } from '../wal/lsn.js';

/** The `Engine` implementation. */
export class ReferenceEngine implements Engine {
  readonly recovery: RecoveryReport;
  private readonly state: CommittedState;
  private readonly queue = new CommitQueue();
  private readonly writer: WalWriter;
  private readonly position: LogPosition;
  private readonly ticks = new TickScheduler(() => this.tick());
  private readonly checkpoints = new CheckpointRequests();
  private readonly prepareAhead: PrepareAhead;
  /** Whether the engine may vouch for its log in witnesses (preparedAtLsn, the clean-close mark): not with `off`, nor after a failed WAL sync. */
  private witnessesTrusted: boolean;
  private poison: EngineError | undefined;
  private closing: Promise<void> | undefined;
  private finishClose: (() => void) | undefined;
  private readonly flushLsn: FlushLsnPublication;
  private counters = { commitsAcknowledged: 0, groupFlushes: 0, checkpoints: 0, walBytesWritten: 0 };

  constructor(private readonly parts: EngineParts) {
    const { recovered } = parts;
    this.recovery = parts.recovery;
    this.state = recovered.state;
    this.position = {
      endLsn: recovered.endLsn,
      lastRecordLsn: recovered.lastRecordLsn,
      control: recovered.control,
      walBytesSinceCheckpoint: recovered.endLsn - recovered.control.redoLsn,
    };
    this.witnessesTrusted = promisesDurability(parts.durability.policy);
    this.writer = WalWriter.forStore(parts);
    this.prepareAhead = new PrepareAhead(this.writer, () => this.position.endLsn, () => this.poison !== undefined || this.closing !== undefined);
    // Streaming replication (engine/replication/): the sender reads the log back through this.
    this.flushLsn = new FlushLsnPublication(parts);
    parts.replication?.attach(replicationLogOf(parts, () => this.position.endLsn, () => this.flushLsn.publish()));
  }

  /**
   * Opens (creating when needed) the segment appends go to, so the first commit
   * does not pay for it. The next one is prepared after the first flush into it.
   */
  prepareCurrentSegment(): void {
    this.writer.segmentHandle(this.parts.geometry.segmentNumberOf(this.position.endLsn));
  }

  /** Change data capture: publishes the recovered end of the log as the first flush LSN (flush-lsn-publication.ts). */
  publishRecoveredEnd(): void {
    this.flushLsn.publishRecoveredEnd(this.writer, this.position.control.redoLsn, this.position.endLsn);
  }

  commit(tx: number, writes: readonly Write[]): Promise<CommitReceipt> {
    const refused = this.refusal();
    if (refused !== undefined) return Promise.reject(refused);
    const invalid = validateCommit(tx, writes);
    if (invalid !== undefined) return Promise.reject(invalid);
    if (this.queue.isFull()) return Promise.reject(new EngineError('QUEUE_FULL', 'too many commits are waiting for a flush'));
    const payload = encodeCommitPayload(asWrites(writes));
    const tooLarge = validateCommitSize(payload.length);
    if (tooLarge !== undefined) return Promise.reject(tooLarge);
    return new Promise<CommitReceipt>((resolve, reject) => {
      this.queue.push({ tx, writes, payload, resolve, reject });
      this.ticks.schedule();
    });
  }

  /**
   * A replica's apply path: commits a change the primary already made durable,
   * at the very LSN the primary gave it. The batch encoder is deterministic, so
   * a replica whose log is a copy of the primary's lands there; a commit that
   * would not is refused with DIVERGED and nothing of its batch is written.
   */
  commitReplicated(tx: number, writes: readonly Write[], payload: Buffer, expectedLsn: Lsn): Promise<CommitReceipt> {
    const refused = this.refusal();
    if (refused !== undefined) return Promise.reject(refused);
    if (this.queue.isFull()) return Promise.reject(new EngineError('QUEUE_FULL', 'too many commits are waiting for a flush'));
    return new Promise<CommitReceipt>((resolve, reject) => {
      this.queue.push({ tx, writes, payload, resolve, reject, expectedLsn });
      this.ticks.schedule();
    });
  }

  /** The WAL segment size: a replica's hello must match the primary's. */
  segmentSizeBytes(): number {
    return this.parts.geometry.segmentSizeBytes;
  }

  /** The end of the log as a number (the replica reports it as its flushed LSN). */
  endLsnValue(): Lsn {
    return this.position.endLsn;
  }

  /** The position of the last record: a replica's hello carries it so the primary can check the chain. */
  lastRecordLsnValue(): Lsn {
    return this.position.lastRecordLsn;
  }

  get(key: string): string | undefined {
    return this.state.get(key);
  }

  dump(): readonly (readonly [string, string])[] {
    return this.state.dump();
  }

  lsn(): string {
    return formatLsn(this.position.endLsn);
  }

  checkpoint(): Promise<void> {
    const refused = this.refusal();
    if (refused !== undefined) return Promise.reject(refused);
    const done = this.checkpoints.wait();
    this.ticks.schedule();
    return done;
  }

  close(): Promise<void> {
    if (this.closing === undefined) {
      this.closing = new Promise<void>((resolve) => {
        this.finishClose = resolve;
      });
      this.ticks.schedule();
    }
    return this.closing;
  }

  stats(): EngineStats {
    return { ...this.counters, syncs: this.parts.durability.syncs() };
  }

  walStatus(): WalStatus {
    return walStatusOf(this.parts, this.writer.segmentCount(), this.position.endLsn);
  }

  /** Archiving hook: the synced log reached `endLsn`; completed segments go to the archiver, and the alarm looks at the WAL size. */
  private logAdvanced(endLsn: number): void {
    // Change data capture: only a synced log end is ever published (every caller has synced up to endLsn).
    this.flushLsn.advanced(endLsn);
    this.parts.archiver?.noteEndLsn(endLsn);
    this.parts.walAlarm?.observe(this.writer.segmentCount() * this.parts.geometry.segmentSizeBytes, () => this.walStatus());
  }

  /** Why a new commit or checkpoint is refused (closed, poisoned), or undefined. */
  private refusal(): EngineError | undefined {
    if (this.closing !== undefined) return new EngineError('CLOSED', 'the engine is closed');
    return this.poison === undefined ? undefined : poisonedError(this.poison);
  }

  /** One turn of the engine: flush one batch, then run a requested checkpoint, then maybe finish closing. */
  private tick(): void {
    if (this.queue.length > 0) this.flush(this.queue.takeBatch());
    if (this.checkpoints.requested) this.checkpointNow();
    if (this.queue.length > 0) {
      this.ticks.schedule();
      return;
    }
    if (this.closing !== undefined && this.finishClose !== undefined) {
      this.writer.close();
      this.flushLsn.close();
      // A clean close claims only a log that is synced to its end (with the
      // ack-before-sync defect the last sync may still be pending).
      const synced = this.writer.durableEnd() === this.position.endLsn;
      if (this.poison === undefined && this.witnessesTrusted && synced) recordCleanClose(this.parts, this.position);
      const finish = this.finishClose;
      this.finishClose = undefined;
      // The archiver gets one more pass over completed segments (no retries) before close resolves.
      void Promise.all([this.parts.archiver?.close(), this.parts.replication?.close()]).then(() => finish());
    }
  }

  private flush(batch: readonly PendingCommit[]): void {
    if (this.poison !== undefined) {
      for (const commit of batch) commit.reject(poisonedError(this.poison));
      return;
    }
    const encoded = encodeBatch(this.parts.geometry, this.position.endLsn, this.position.lastRecordLsn, batch);
    const diverged = divergedBatchError(batch, encoded);
    if (diverged !== undefined) {
      for (const commit of batch) commit.reject(diverged);
      return;
    }
    let touched: readonly FileHandle[];
    try {
      touched = this.writer.writeBatch(encoded);
      this.counters.groupFlushes += 1;
      if (this.parts.defects.has('ack-before-sync')) {
        // The defect: acknowledge now, sync in a later tick, after the acks went out.
        this.acknowledge(batch, encoded);
        setImmediate(() => this.deferredSync(touched, encoded, batch));
        return;
      }
      this.syncWal(touched);
    } catch (error) {
      this.failBatch(batch, error);
      return;
    }
    if (this.witnessesTrusted) this.writer.noteDurableEnd(encoded.endLsn);
    this.parts.replication?.batchDurable(replicatedCommits(batch, encoded), encoded.endLsn);
    this.acknowledge(batch, encoded);
    this.writer.closeSegmentsBefore(this.parts.geometry.segmentNumberOf(encoded.endLsn));
    this.prepareAhead.scheduleIfDue();
    this.logAdvanced(encoded.endLsn);
  }

  private syncWal(touched: readonly FileHandle[]): void {
    if (syncTouchedSegments(this.parts.durability, this.parts.defects, touched)) this.witnessesTrusted = false;
  }

  private deferredSync(touched: readonly FileHandle[], encoded: EncodedBatch, batch: readonly PendingCommit[]): void {
    if (this.poison !== undefined) return;
    try {
      this.syncWal(touched);
      if (this.witnessesTrusted) this.writer.noteDurableEnd(encoded.endLsn);
      this.parts.replication?.batchDurable(replicatedCommits(batch, encoded), encoded.endLsn);
      this.writer.closeSegmentsBefore(this.parts.geometry.segmentNumberOf(encoded.endLsn));
      this.logAdvanced(encoded.endLsn);
    } catch (error) {
      this.failBatch([], error);
    }
  }

  private acknowledge(batch: readonly PendingCommit[], encoded: EncodedBatch): void {
    for (const commit of batch) this.state.apply(commit.writes);
    this.position.endLsn = encoded.endLsn;
    this.position.lastRecordLsn = encoded.lastRecordLsn;
    this.position.walBytesSinceCheckpoint += encoded.bytes.length;
    this.counters.walBytesWritten += encoded.bytes.length;
    this.counters.commitsAcknowledged += batch.length;
    const resolveAll = (): void => {
      batch.forEach((commit, index) => {
        commit.resolve({ tx: commit.tx, lsn: formatLsn(encoded.commitLsns[index] ?? encoded.startLsn) });
      });
    };
    // Synchronous replication holds the acknowledgements until the replica flushed the batch.
    const gate = this.parts.replication?.ackGate(encoded.endLsn);
    if (gate === undefined) resolveAll();
    else gate.then(resolveAll, (error: EngineError) => batch.forEach((commit) => commit.reject(error)));
    if (this.position.walBytesSinceCheckpoint >= this.parts.checkpointWalBytes) this.checkpoints.request();
  }

  /** Poisons the engine and rejects `batch` and everything still queued. */
  private failBatch(batch: readonly PendingCommit[], error: unknown): void {
    this.poison = poisonFrom(error);
    for (const commit of batch) commit.reject(this.poison);
    const poisoned = poisonedError(this.poison);
    for (const commit of this.queue.takeAll()) commit.reject(poisoned);
    this.checkpoints.rejectAll(poisoned);
  }

  private checkpointNow(): void {
    const waiters = this.checkpoints.take();
    if (this.poison !== undefined) {
      settle(waiters, poisonedError(this.poison));
      return;
    }
    try {
      runCheckpoint(this.parts, this.writer, this.position, this.dump());
      this.counters.checkpoints += 1;
      this.logAdvanced(this.position.endLsn);
    } catch (error) {
      this.failBatch([], error);
      settle(waiters, this.poison ?? new EngineError('EIO', 'checkpoint failed'));
      return;
    }
    settle(waiters);
  }
}
