/**
 * The reference engine: an in-memory key/value map made durable by the WAL.
 *
 * Group commit: `commit` validates, queues and returns a promise; one tick
 * takes every queued commit (bounded), encodes them into ONE buffer, writes it
 * with one positional write per segment touched, syncs once per segment, and
 * only then applies and acknowledges them all. While a flush blocks in
 * fdatasync, new requests pile up and form the next batch. A checkpoint runs
 * in a tick after a flush, so it sees a consistent state.
 *
 * The tick is a microtask: it runs once the code that queued the commit and
 * every continuation already queued have run, so commits issued together
 * (the protocol host dispatches a whole input chunk at once; clients woken by
 * one flush's acks re-commit before it) share a flush, without a trip through
 * the event loop per flush (that trip was a tenth of the CPU profile of one
 * in-process client). So that timers and I/O are never starved by clients that
 * re-commit at once forever, every `MICROTASK_TICKS_IN_A_ROW_MAX`th tick waits
 * for the event loop (setImmediate) instead.
 *
 * A failed write or sync poisons the engine (PostgreSQL's data_sync_retry=off):
 * the batch is rejected with EIO, later calls with POISONED, and it never
 * retries the sync, because Linux may have dropped the dirty pages already.
 */
import type { FileHandle } from '../fs/file-system.js';
import { FileSystemError } from '../fs/file-system.js';
import type { WalStatus } from '../archive/archive-settings.js';
import type { CommitReceipt, Engine, EngineStats, RecoveryReport, Write } from '../engine-types.js';
import { EngineError } from '../engine-types.js';
import { encodeBatch } from '../wal/batch-encoder.js';
import type { EncodedBatch } from '../wal/batch-encoder.js';
import { encodeCommitPayload } from '../wal/commit-payload.js';
import { formatLsn } from '../wal/lsn.js';
import { recordCleanClose, runCheckpoint } from './checkpoint-procedure.js';
import { CommitQueue } from './commit-queue.js';
import type { PendingCommit } from './commit-queue.js';
import { asWrites, validateCommit, validateCommitSize } from './commit-validation.js';
import { promisesDurability } from './durability-policy.js';
import type { EngineParts, LogPosition } from './engine-parts.js';
import { WalWriter } from './wal-writer.js';

/** At most this many ticks in a row run as microtasks; the next one waits for the event loop. */
const MICROTASK_TICKS_IN_A_ROW_MAX = 16;

/** The `Engine` implementation. */
export class ReferenceEngine implements Engine {
  readonly recovery: RecoveryReport;
  private readonly state: Map<string, string>;
  private readonly queue = new CommitQueue();
  private readonly writer: WalWriter;
  private readonly position: LogPosition;
  private tickScheduled = false;
  private microtaskTicksInARow = 0;
  private checkpointWaiters: { resolve: () => void; reject: (error: EngineError) => void }[] = [];
  private checkpointRequested = false;
  private prepareAheadScheduled = false;
  /**
   * Whether the engine may still vouch for its log in witnesses (segment
   * headers' preparedAtLsn, the clean-close mark): not with sync method `off`,
   * which syncs nothing, and never again after a WAL sync failed, even when a
   * retry (the retry-fsync-after-error defect) claimed success.
   */
  private witnessesTrusted: boolean;
  private poison: EngineError | undefined;
  private closing: Promise<void> | undefined;
  private finishClose: (() => void) | undefined;
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
    this.writer = new WalWriter(
      parts.fileSystem,
      parts.directory,
      parts.geometry,
      parts.durability,
      recovered.existingSegments,
      recovered.control.storeId,
      recovered.endLsn,
    );
  }

  /**
   * Opens (creating when needed) the segment appends go to, so the first commit
   * does not pay for it. The next one is prepared after the first flush into it.
   */
  prepareCurrentSegment(): void {
    this.writer.segmentHandle(this.parts.geometry.segmentNumberOf(this.position.endLsn));
  }

  /**
   * Change data capture: publishes the recovered end of the log as the first
   * flush LSN. Recovery may have replayed bytes a crashed process wrote but
   * never synced (they survive a process crash in the page cache), so the
   * segments from the redo point on are synced first: a reader must never be
   * told that bytes a power cut could still take back are durable.
   */
  publishRecoveredEnd(): void {
    const publisher = this.parts.flushLsnPublisher;
    if (publisher === undefined) return;
    const { geometry } = this.parts;
    const last = geometry.segmentNumberOf(this.position.endLsn);
    for (let segmentNumber = geometry.segmentNumberOf(this.position.control.redoLsn); segmentNumber <= last; segmentNumber += 1) {
      if (this.parts.recovered.existingSegments.has(segmentNumber)) this.parts.durability.syncWal(this.writer.segmentHandle(segmentNumber));
    }
    publisher.publish(this.position.endLsn);
  }

  commit(tx: number, writes: readonly Write[]): Promise<CommitReceipt> {
    const refused = this.closing !== undefined ? new EngineError('CLOSED', 'the engine is closed') : this.poisonedError();
    if (refused !== undefined) return Promise.reject(refused);
    const invalid = validateCommit(tx, writes);
    if (invalid !== undefined) return Promise.reject(invalid);
    if (this.queue.isFull()) return Promise.reject(new EngineError('QUEUE_FULL', 'too many commits are waiting for a flush'));
    const payload = encodeCommitPayload(asWrites(writes));
    const tooLarge = validateCommitSize(payload.length);
    if (tooLarge !== undefined) return Promise.reject(tooLarge);
    return new Promise<CommitReceipt>((resolve, reject) => {
      this.queue.push({ tx, writes, payload, resolve, reject });
      this.scheduleTick();
    });
  }

  get(key: string): string | undefined {
    return this.state.get(key);
  }

  dump(): readonly (readonly [string, string])[] {
    return [...this.state.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  lsn(): string {
    return formatLsn(this.position.endLsn);
  }

  checkpoint(): Promise<void> {
    const refused = this.closing !== undefined ? new EngineError('CLOSED', 'the engine is closed') : this.poisonedError();
    if (refused !== undefined) return Promise.reject(refused);
    return new Promise<void>((resolve, reject) => {
      this.checkpointWaiters.push({ resolve, reject });
      this.checkpointRequested = true;
      this.scheduleTick();
    });
  }

  close(): Promise<void> {
    if (this.closing === undefined) {
      this.closing = new Promise<void>((resolve) => {
        this.finishClose = resolve;
      });
      this.scheduleTick();
    }
    return this.closing;
  }

  stats(): EngineStats {
    return { ...this.counters, syncs: this.parts.durability.syncs() };
  }

  walStatus(): WalStatus {
    const segmentsOnDisk = this.writer.segmentCount();
    return {
      timeline: this.parts.geometry.timelineId,
      endLsn: formatLsn(this.position.endLsn),
      walBytes: segmentsOnDisk * this.parts.geometry.segmentSizeBytes,
      segmentsOnDisk,
      archive: this.parts.archiver?.status(this.position.endLsn) ?? null,
    };
  }

  /** Archiving hook: the synced log reached `endLsn`; completed segments go to the archiver, and the alarm looks at the WAL size. */
  private logAdvanced(endLsn: number): void {
    // Change data capture: only a synced log end is ever published (every caller has synced up to endLsn).
    this.parts.flushLsnPublisher?.publish(endLsn);
    this.parts.archiver?.noteEndLsn(endLsn);
    this.parts.walAlarm?.observe(this.writer.segmentCount() * this.parts.geometry.segmentSizeBytes, () => this.walStatus());
  }

  private poisonedError(): EngineError | undefined {
    return this.poison === undefined
      ? undefined
      : new EngineError('POISONED', `the engine stopped after a failed write or sync: ${this.poison.message}`, { injected: this.poison.details.injected }, { cause: this.poison });
  }

  private scheduleTick(): void {
    if (this.tickScheduled) return;
    this.tickScheduled = true;
    this.microtaskTicksInARow += 1;
    if (this.microtaskTicksInARow < MICROTASK_TICKS_IN_A_ROW_MAX) {
      queueMicrotask(() => this.tick());
      return;
    }
    this.microtaskTicksInARow = 0;
    setImmediate(() => this.tick());
  }

  /** One turn of the engine: flush one batch, then run a requested checkpoint, then maybe finish closing. */
  private tick(): void {
    this.tickScheduled = false;
    if (this.queue.length > 0) this.flush(this.queue.takeBatch());
    if (this.checkpointRequested) this.checkpointNow();
    if (this.queue.length > 0) {
      this.scheduleTick();
      return;
    }
    if (this.closing !== undefined && this.finishClose !== undefined) {
      this.writer.close();
      this.parts.flushLsnPublisher?.close();
      // A clean close claims only a log that is synced to its end (with the
      // ack-before-sync defect the last sync may still be pending).
      const synced = this.writer.durableEnd() === this.position.endLsn;
      if (this.poison === undefined && this.witnessesTrusted && synced) recordCleanClose(this.parts, this.position);
      const finish = this.finishClose;
      this.finishClose = undefined;
      // The archiver gets one more pass over completed segments (no retries) before close resolves.
      void (this.parts.archiver?.close() ?? Promise.resolve()).then(finish);
    }
  }

  /** Prepares the next segment in its own turn, after the acknowledgements of the flush that entered the current one went out. */
  private schedulePrepareAhead(): void {
    if (this.prepareAheadScheduled || !this.writer.needsPrepareAhead(this.position.endLsn)) return;
    this.prepareAheadScheduled = true;
    setImmediate(() => {
      this.prepareAheadScheduled = false;
      if (this.poison !== undefined || this.closing !== undefined) return;
      try {
        this.writer.prepareAhead(this.position.endLsn);
      } catch (error) {
        // Preparing ahead only saves the flush that needs the segment some
        // work: a failure leaves it to that flush, which prepares the segment
        // itself and fails (and poisons the engine) if it fails again. Nothing
        // acknowledged depends on the bytes of a segment not yet in use.
        if (!(error instanceof FileSystemError)) throw error;
      }
    });
  }

  private flush(batch: readonly PendingCommit[]): void {
    if (this.poison !== undefined) {
      const error = this.poisonedError();
      for (const commit of batch) commit.reject(error ?? this.poison);
      return;
    }
    const encoded = encodeBatch(this.parts.geometry, this.position.endLsn, this.position.lastRecordLsn, batch);
    let touched: readonly FileHandle[];
    try {
      touched = this.writer.writeBatch(encoded);
      this.counters.groupFlushes += 1;
      if (this.parts.defects.has('ack-before-sync')) {
        // The defect: acknowledge now, sync in a later tick, after the acks went out.
        this.acknowledge(batch, encoded);
        setImmediate(() => this.deferredSync(touched, encoded));
        return;
      }
      this.syncWal(touched);
    } catch (error) {
      this.failBatch(batch, error);
      return;
    }
    if (this.witnessesTrusted) this.writer.noteDurableEnd(encoded.endLsn);
    this.acknowledge(batch, encoded);
    this.writer.closeSegmentsBefore(this.parts.geometry.segmentNumberOf(encoded.endLsn));
    this.schedulePrepareAhead();
    this.logAdvanced(encoded.endLsn);
  }

  private syncWal(touched: readonly FileHandle[]): void {
    for (const handle of touched) {
      try {
        this.parts.durability.syncWal(handle);
      } catch (error) {
        // The defect models fsyncgate: the retry "succeeds" because the kernel
        // marked the failed pages clean, and the commits are acknowledged.
        if (!(error instanceof FileSystemError) || !this.parts.defects.has('retry-fsync-after-error')) throw error;
        this.witnessesTrusted = false;
        this.parts.durability.syncWal(handle);
      }
    }
  }

  private deferredSync(touched: readonly FileHandle[], encoded: EncodedBatch): void {
    if (this.poison !== undefined) return;
    try {
      this.syncWal(touched);
      if (this.witnessesTrusted) this.writer.noteDurableEnd(encoded.endLsn);
      this.writer.closeSegmentsBefore(this.parts.geometry.segmentNumberOf(encoded.endLsn));
      this.logAdvanced(encoded.endLsn);
    } catch (error) {
      this.failBatch([], error);
    }
  }

  private acknowledge(batch: readonly PendingCommit[], encoded: EncodedBatch): void {
    for (const commit of batch) {
      for (const [key, value] of commit.writes) {
        if (value === null) this.state.delete(key);
        else this.state.set(key, value);
      }
    }
    this.position.endLsn = encoded.endLsn;
    this.position.lastRecordLsn = encoded.lastRecordLsn;
    this.position.walBytesSinceCheckpoint += encoded.bytes.length;
    this.counters.walBytesWritten += encoded.bytes.length;
    this.counters.commitsAcknowledged += batch.length;
    batch.forEach((commit, index) => {
      commit.resolve({ tx: commit.tx, lsn: formatLsn(encoded.commitLsns[index] ?? encoded.startLsn) });
    });
    if (this.position.walBytesSinceCheckpoint >= this.parts.checkpointWalBytes) this.checkpointRequested = true;
  }

  /** Poisons the engine and rejects `batch` and everything still queued. */
  private failBatch(batch: readonly PendingCommit[], error: unknown): void {
    if (!(error instanceof FileSystemError)) throw error;
    const code = error.code === 'ENOSPC' ? 'ENOSPC' : 'EIO';
    this.poison = new EngineError(code, `WAL ${error.operation} failed: ${error.message}`, { injected: error.injected }, { cause: error });
    for (const commit of batch) commit.reject(this.poison);
    const poisoned = this.poisonedError() ?? this.poison;
    for (const commit of this.queue.takeAll()) commit.reject(poisoned);
    this.rejectCheckpointWaiters(poisoned);
  }

  private checkpointNow(): void {
    this.checkpointRequested = false;
    const waiters = this.checkpointWaiters;
    this.checkpointWaiters = [];
    if (this.poison !== undefined) {
      this.rejectCheckpointWaiters(this.poisonedError() ?? this.poison, waiters);
      return;
    }
    try {
      runCheckpoint(this.parts, this.writer, this.position, this.dump());
      this.counters.checkpoints += 1;
      this.logAdvanced(this.position.endLsn);
    } catch (error) {
      this.failBatch([], error);
      this.rejectCheckpointWaiters(this.poison ?? new EngineError('EIO', 'checkpoint failed'), waiters);
      return;
    }
    for (const waiter of waiters) waiter.resolve();
  }

  private rejectCheckpointWaiters(error: EngineError, waiters = this.checkpointWaiters): void {
    for (const waiter of waiters) waiter.reject(error);
    if (waiters === this.checkpointWaiters) this.checkpointWaiters = [];
  }
}
