/**
 * The inodes of the in-memory file system. Each keeps two states, as Pebble's
 * MemFS does: what a reader sees now (`data`, `children`) and what would survive
 * a power loss (`syncedData`, `syncedChildren`). A file sync copies the first to
 * the second for that file; a directory sync does it for that directory's entries.
 */
import { isSharedZeros } from './shared-zeros.js';
import { Buffer } from 'node:buffer';
import { assert } from '../invariants.js';

/** The most spare capacity a growing file buffer takes at once. */
const GROWTH_BYTES_MAX = 64 * 1024 * 1024;

/** An empty interval: nothing written since the last sync. */
const CLEAN_START = Number.POSITIVE_INFINITY;

/**
 * A regular file: its live bytes and the bytes a power loss would leave.
 *
 * Both buffers may be shorter than their file's size: the bytes past a
 * buffer's end are zeros that were never stored, like the unwritten extent of
 * a preallocated file. So zero-filling a 16 MiB WAL segment costs a size
 * change, not 16 MiB of memory copied at every write, sync and clone (the
 * reference engine preallocates every segment so; harness campaigns create
 * thousands of these file systems).
 */
export class MemFile {
  readonly kind = 'file';
  /**
   * Live bytes; capacity grows by doubling. Invariants: bytes at or beyond
   * `liveSizeBytes` are zero, and bytes past the buffer's end read as zero.
   */
  private live: Uint8Array = new Uint8Array(0);
  private liveSizeBytes = 0;
  /** Durable bytes. Invariants: bytes at or beyond `syncedSizeBytes` are zero, and bytes past the buffer's end read as zero. */
  private synced: Uint8Array = new Uint8Array(0);
  private syncedSizeBytes = 0;
  /**
   * The byte range written since the last full sync, so a sync copies only
   * what changed instead of the whole file (a WAL segment is synced per commit).
   */
  private dirtyStartBytes = CLEAN_START;
  private dirtyEndBytes = 0;
  /**
   * The smallest size the file was truncated to since the durable state last
   * took in the size. When the size becomes durable, the durable bytes from here
   * on are zeroed first: the truncate is durable too, so no byte it removed may
   * come back. Everything the file grew by afterwards is then either in the
   * dirty range or zero in both states.
   */
  private shrunkToBytes = CLEAN_START;

  /** The live size in bytes. */
  sizeBytes(): number {
    return this.liveSizeBytes;
  }

  /** Writes `data` at `offsetBytes`, zero-filling any gap past the end. */
  write(data: Uint8Array, offsetBytes: number): void {
    if (data.byteLength === 0) return; // pwrite of nothing does not extend the file
    const endBytes = offsetBytes + data.byteLength;
    if (isAllZero(data)) {
      // Zeros past the buffer's end are already what the file reads there: store only the overlap.
      const storedEndBytes = Math.min(endBytes, this.live.byteLength);
      if (offsetBytes < storedEndBytes) this.live.fill(0, offsetBytes, storedEndBytes);
    } else {
      this.live = withCapacity(this.live, endBytes);
      this.live.set(data, offsetBytes);
    }
    this.markDirty(offsetBytes, endBytes);
    this.liveSizeBytes = Math.max(this.liveSizeBytes, endBytes);
  }

  /** A copy of up to `lengthBytes` from `offsetBytes`; shorter only at the end of the file. */
  read(offsetBytes: number, lengthBytes: number): Uint8Array {
    const endBytes = Math.min(this.liveSizeBytes, offsetBytes + lengthBytes);
    return endBytes <= offsetBytes ? new Uint8Array(0) : zeroPadded(this.live, offsetBytes, endBytes);
  }

  /** Sets the live size, zero-filling when it grows. */
  truncate(sizeBytes: number): void {
    if (sizeBytes < this.liveSizeBytes) {
      this.live.fill(0, sizeBytes, this.liveSizeBytes);
      this.shrunkToBytes = Math.min(this.shrunkToBytes, sizeBytes);
    }
    // Growing stores nothing: the new bytes are zeros past the buffer's end.
    this.liveSizeBytes = sizeBytes;
  }

  /** fsync / fdatasync: every live byte and the size become durable. */
  syncAll(): void {
    this.copyToSynced(this.dirtyStartBytes, this.dirtyEndBytes);
    this.dirtyStartBytes = CLEAN_START;
    this.dirtyEndBytes = 0;
  }

  /**
   * An O_DSYNC / O_SYNC write: the written range and the size become durable,
   * other unsynced writes to the file do not (Linux syncs only the written
   * range). Bytes between the old durable size and the new one that were not
   * synced read as zeros after a power loss, like unwritten blocks.
   */
  syncRange(startBytes: number, endBytes: number): void {
    this.copyToSynced(startBytes, endBytes);
  }

  /** A copy of the live contents. */
  contents(): Uint8Array {
    return zeroPadded(this.live, 0, this.liveSizeBytes);
  }

  /** A copy of the live bytes the buffer stores, and the live size: the bytes between read as zero. */
  storedContents(): { readonly storedBytes: Uint8Array; readonly sizeBytes: number } {
    return { storedBytes: storedPrefix(this.live, this.liveSizeBytes), sizeBytes: this.liveSizeBytes };
  }

  /** A copy of the durable contents. */
  syncedContents(): Uint8Array {
    return zeroPadded(this.synced, 0, this.syncedSizeBytes);
  }

  /** A new file holding only the durable contents, all of them durable: the file after a power loss. */
  durableCopy(): MemFile {
    const copy = new MemFile();
    copy.live = storedPrefix(this.synced, this.syncedSizeBytes);
    copy.liveSizeBytes = this.syncedSizeBytes;
    copy.synced = storedPrefix(this.synced, this.syncedSizeBytes);
    copy.syncedSizeBytes = this.syncedSizeBytes;
    return copy;
  }

  /** A new file with the same live and durable contents: the file after a process crash. */
  fullCopy(): MemFile {
    const copy = new MemFile();
    copy.live = storedPrefix(this.live, this.liveSizeBytes);
    copy.liveSizeBytes = this.liveSizeBytes;
    copy.synced = storedPrefix(this.synced, this.syncedSizeBytes);
    copy.syncedSizeBytes = this.syncedSizeBytes;
    copy.dirtyStartBytes = this.dirtyStartBytes;
    copy.dirtyEndBytes = this.dirtyEndBytes;
    copy.shrunkToBytes = this.shrunkToBytes;
    return copy;
  }

  private markDirty(startBytes: number, endBytes: number): void {
    this.dirtyStartBytes = Math.min(this.dirtyStartBytes, startBytes);
    this.dirtyEndBytes = Math.max(this.dirtyEndBytes, endBytes);
  }

  private copyToSynced(startBytes: number, endBytes: number): void {
    const size = this.liveSizeBytes;
    if (this.shrunkToBytes < this.syncedSizeBytes) this.synced.fill(0, this.shrunkToBytes, this.syncedSizeBytes);
    this.shrunkToBytes = CLEAN_START;
    const copyEndBytes = Math.min(endBytes, size);
    // Live bytes past the live buffer are zeros: the durable buffer stores only what the live one does.
    const storedEndBytes = Math.min(copyEndBytes, this.live.byteLength);
    if (startBytes < storedEndBytes) {
      this.synced = withCapacity(this.synced, storedEndBytes);
      this.synced.set(this.live.subarray(startBytes, storedEndBytes), startBytes);
    }
    if (Math.max(startBytes, storedEndBytes) < copyEndBytes) this.synced.fill(0, Math.max(startBytes, storedEndBytes), copyEndBytes);
    this.syncedSizeBytes = size;
  }
}

/** A directory: its live entries and the entries a power loss would leave. */
export class MemDirectory {
  readonly kind = 'directory';
  readonly children = new Map<string, MemNode>();
  syncedChildren = new Map<string, MemNode>();

  /** Adds an entry that is durable at once (directories made by `mkdirAll`). */
  addDurable(name: string, node: MemNode): void {
    this.children.set(name, node);
    this.syncedChildren.set(name, node);
  }

  /** Makes every live entry durable: creates, renames and removes. */
  syncEntries(): void {
    this.syncedChildren = new Map(this.children);
  }
}

/** A file or a directory. */
export type MemNode = MemFile | MemDirectory;

/** Zeros to compare writes against (a shared, never-written buffer). */
const ZERO_CHUNK = new Uint8Array(64 * 1024);

/** True when every byte of `data` is zero (compared a chunk at a time, with memcmp). */
function isAllZero(data: Uint8Array): boolean {
  if (isSharedZeros(data)) return true;
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  for (let offset = 0; offset < bytes.byteLength; offset += ZERO_CHUNK.byteLength) {
    const length = Math.min(ZERO_CHUNK.byteLength, bytes.byteLength - offset);
    if (bytes.compare(ZERO_CHUNK, 0, length, offset, offset + length) !== 0) return false;
  }
  return true;
}

/** A new array of the bytes from `startBytes` to `endBytes`, zeros where `buffer` stores none. */
function zeroPadded(buffer: Uint8Array, startBytes: number, endBytes: number): Uint8Array {
  const copy = new Uint8Array(endBytes - startBytes);
  if (startBytes < buffer.byteLength) copy.set(buffer.subarray(startBytes, Math.min(endBytes, buffer.byteLength)));
  return copy;
}

/** A copy of what `buffer` stores of the first `sizeBytes` (the rest reads as zeros). */
function storedPrefix(buffer: Uint8Array, sizeBytes: number): Uint8Array {
  return buffer.slice(0, Math.min(sizeBytes, buffer.byteLength));
}

/** Returns `buffer`, or a larger zero-padded copy when it is smaller than `sizeBytes`. */
function withCapacity(buffer: Uint8Array, sizeBytes: number): Uint8Array {
  if (buffer.byteLength >= sizeBytes) return buffer;
  assert(Number.isSafeInteger(sizeBytes), `file size ${sizeBytes} is not an integer`);
  // Doubling keeps a stream of appends linear; small files start at 4 KiB, and
  // large ones grow by at most 64 MiB past what is needed.
  const doubledBytes = Math.min(buffer.byteLength * 2, sizeBytes + GROWTH_BYTES_MAX);
  const grown = new Uint8Array(Math.max(sizeBytes, 4096, doubledBytes));
  grown.set(buffer);
  return grown;
}
