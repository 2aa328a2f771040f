/**
 * Change data capture's side of the engine: how far the log is durable, as
 * published to readers through the `flush-lsn` slot (engine/cdc/). Only a
 * synced log end is ever published, and with a synchronous replica only what
 * the replica flushed too.
 */
import type { Lsn } from '../wal/lsn.js';
import type { EngineParts } from './engine-parts.js';
import type { WalWriter } from './wal-writer.js';

/** The published flush LSN of one engine; every method is a no-op when publishing is off. */
export class FlushLsnPublication {
  /** The end of the log known synced. */
  private syncedEndLsn: Lsn = 0;

  constructor(private readonly parts: EngineParts) {}

  /**
   * Publishes the recovered end of the log as the first flush LSN. Recovery may
   * have replayed bytes a crashed process wrote but never synced (they survive a
   * process crash in the page cache), so the segments from the redo point on are
   * synced first: a reader must never be told that bytes a power cut could still
   * take back are durable.
   */
  publishRecoveredEnd(writer: WalWriter, redoLsn: Lsn, endLsn: Lsn): void {
    if (this.parts.flushLsnPublisher === undefined) return;
    const { geometry, recovered, durability } = this.parts;
    const last = geometry.segmentNumberOf(endLsn);
    for (let segmentNumber = geometry.segmentNumberOf(redoLsn); segmentNumber <= last; segmentNumber += 1) {
      if (recovered.existingSegments.has(segmentNumber)) durability.syncWal(writer.segmentHandle(segmentNumber));
    }
    this.syncedEndLsn = endLsn;
    this.publish();
  }

  /** The log is synced up to `endLsn` (every caller has synced it). */
  advanced(endLsn: Lsn): void {
    this.syncedEndLsn = Math.max(this.syncedEndLsn, endLsn);
    this.publish();
  }

  /** Publishes the lesser of the synced end and a synchronous replica's flushed LSN (called again when the replica reports progress). */
  publish(): void {
    // Called after every flush: with publishing off it must cost nothing.
    const publisher = this.parts.flushLsnPublisher;
    if (publisher === undefined) return;
    const replicaFlushedLsn = this.parts.replication?.synchronousFlushedLsn();
    publisher.publish(replicaFlushedLsn === undefined ? this.syncedEndLsn : Math.min(this.syncedEndLsn, replicaFlushedLsn));
  }

  /** Closes the slot's file. */
  close(): void {
    this.parts.flushLsnPublisher?.close();
  }
}
