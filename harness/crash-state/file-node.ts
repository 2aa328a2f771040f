/**
 * One file (an inode) as the crash-state builder tracks it: what the page cache
 * holds now (a process crash sees this), the durable bytes as of its last sync,
 * and the ordered data operations since then that a power loss may or may not
 * have let through.
 */
import type { WriteSyncMode } from '../../engine/fs/file-system.js';
import { ByteImage } from './byte-image.js';

/** A data operation on a file that was not made durable by a sync yet. */
export type PendingDataOperation =
  /** `durable` marks an O_DSYNC/O_SYNC write made after unsynced work: it survives every model. */
  | { readonly kind: 'write'; readonly offsetBytes: number; readonly data: Uint8Array; readonly durable: boolean }
  | { readonly kind: 'truncate'; readonly sizeBytes: number; readonly durable: false };

/** A file: live bytes, durable bytes and the unsynced operations between them. */
export class FileNode {
  /** What a reader sees now, including data a failed fsync dropped from the durable lineage. */
  readonly current: ByteImage;
  /** The bytes a power loss leaves when none of `pending` got through. */
  readonly synced: ByteImage;
  /** Unsynced operations, oldest first. */
  readonly pending: PendingDataOperation[] = [];

  /** `label` names the file in descriptions; `initialBytes` are durable already (a base image). */
  constructor(
    readonly label: string,
    initialBytes?: Uint8Array,
  ) {
    this.current = initialBytes === undefined ? ByteImage.empty() : ByteImage.of(initialBytes);
    this.synced = initialBytes === undefined ? ByteImage.empty() : ByteImage.of(initialBytes);
  }

  /** True when some operation on this file is not durable yet. */
  get isDirty(): boolean {
    return this.pending.length > 0;
  }

  /** Records a write; O_DSYNC/O_SYNC writes are durable when they return. */
  write(data: Uint8Array, offsetBytes: number, syncMode: WriteSyncMode): void {
    this.current.write(data, offsetBytes);
    const durable = syncMode !== 'none';
    if (durable && this.pending.length === 0) {
      // Nothing unsynced precedes it: apply it to the durable bytes directly, so a
      // file written only through O_DSYNC never accumulates a pending list.
      this.synced.write(data, offsetBytes);
      return;
    }
    // After unsynced work it must stay in order with that work: an earlier unsynced
    // write to the same range that survives must not land on top of it.
    this.pending.push({ kind: 'write', offsetBytes, data, durable });
  }

  /** Records a size change (not durable until a sync, like any metadata). */
  truncate(sizeBytes: number): void {
    this.current.truncate(sizeBytes);
    this.pending.push({ kind: 'truncate', sizeBytes, durable: false });
  }

  /** fsync or fdatasync through any descriptor: every earlier operation becomes durable. */
  sync(): void {
    for (const operation of this.pending) applyDataOperation(this.synced, operation);
    this.pending.length = 0;
  }

  /**
   * A failed fsync with Linux semantics (fsyncgate): the kernel marks the dirty
   * pages clean, so their data never reaches the disk, though the page cache
   * still serves it. Writes that were durable on their own stay durable.
   */
  dropUnsynced(): void {
    for (const operation of this.pending) {
      if (operation.durable) applyDataOperation(this.synced, operation);
    }
    this.pending.length = 0;
  }
}

/** Applies one data operation to an image. */
export function applyDataOperation(image: ByteImage, operation: PendingDataOperation): void {
  if (operation.kind === 'write') image.write(operation.data, operation.offsetBytes);
  else image.truncate(operation.sizeBytes);
}
