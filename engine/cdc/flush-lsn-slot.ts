/**
 * The flush-LSN slot: a small file in the store directory where a primary
 * started with `publishFlushLsn` publishes the end of its durable log after
 * every successful WAL sync, so a change-data-capture reader (read-changes.ts)
 * emits only commits that are durable. A reader of the segment files sees
 * unsynced bytes through the page cache; this slot is the only way it can tell
 * which of them a power cut could still take back.
 *
 * The slot is overwritten in place with one positional write and never synced:
 * it is advisory and only as fresh as the primary that writes it. That is
 * enough because the primary writes a value only after the WAL up to it is
 * synced, so any value the file holds, even an old one left after a crash, is
 * a true statement about durability. A power cut can leave the file missing
 * (its creation was not synced, so the reader trusts nothing yet) or torn (the
 * checksum refuses it). It costs one pwrite per flush group, nothing when off.
 *
 *   offset  size  field
 *        0     4  magic "UFLS" (0x554C4655 little-endian)
 *        4     4  checksum: zlib.crc32 (IEEE) of bytes [8, 24)
 *        8     8  storeId: the control file's store id (a slot of another store is ignored)
 *       16     8  flushLsn: the log is durable up to (excluding) this LSN
 *     total 24 bytes, integers little-endian
 */
import zlib from 'node:zlib';
import type { FileHandle, FileSystem } from '../fs/file-system.js';
import { FileSystemError, joinPath } from '../fs/file-system.js';
import type { Lsn } from '../wal/lsn.js';
import { readUint64, writeUint64 } from '../wal/uint64-field.js';

/** The slot's frozen layout. */
export const FLUSH_LSN_SLOT_FORMAT = Object.freeze({
  fileName: 'flush-lsn',
  magic: 0x554c4655,
  checksumOffset: 4,
  storeIdOffset: 8,
  flushLsnOffset: 16,
  sizeBytes: 24,
});

/** The slot's contents. */
export interface FlushLsnSlot {
  readonly storeId: number;
  readonly flushLsn: Lsn;
}

/** The 24 bytes of `slot`. */
export function encodeFlushLsnSlot(slot: FlushLsnSlot): Buffer {
  const bytes = Buffer.alloc(FLUSH_LSN_SLOT_FORMAT.sizeBytes);
  bytes.writeUInt32LE(FLUSH_LSN_SLOT_FORMAT.magic, 0);
  writeUint64(bytes, FLUSH_LSN_SLOT_FORMAT.storeIdOffset, slot.storeId);
  writeUint64(bytes, FLUSH_LSN_SLOT_FORMAT.flushLsnOffset, slot.flushLsn);
  bytes.writeUInt32LE(zlib.crc32(bytes.subarray(FLUSH_LSN_SLOT_FORMAT.storeIdOffset)), FLUSH_LSN_SLOT_FORMAT.checksumOffset);
  return bytes;
}

/** The slot in `bytes`, or a one-line reason it is not one (short, torn, wrong magic). */
export function decodeFlushLsnSlot(bytes: Uint8Array): FlushLsnSlot | string {
  if (bytes.byteLength < FLUSH_LSN_SLOT_FORMAT.sizeBytes) return `the slot holds ${bytes.byteLength} bytes, not ${FLUSH_LSN_SLOT_FORMAT.sizeBytes}`;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, FLUSH_LSN_SLOT_FORMAT.sizeBytes);
  if (buffer.readUInt32LE(0) !== FLUSH_LSN_SLOT_FORMAT.magic) return 'the slot has the wrong magic';
  const checksum = zlib.crc32(buffer.subarray(FLUSH_LSN_SLOT_FORMAT.storeIdOffset));
  if (checksum !== buffer.readUInt32LE(FLUSH_LSN_SLOT_FORMAT.checksumOffset)) return 'the slot checksum does not match';
  const storeId = readUint64(buffer, FLUSH_LSN_SLOT_FORMAT.storeIdOffset);
  const flushLsn = readUint64(buffer, FLUSH_LSN_SLOT_FORMAT.flushLsnOffset);
  if (storeId === undefined || flushLsn === undefined) return 'the slot holds an out-of-range value';
  return { storeId, flushLsn };
}

/** The flush LSN `directory`'s slot publishes for store `storeId`; 0 (nothing known durable) when absent, torn or another store's. */
export function readPublishedFlushLsn(fileSystem: FileSystem, directory: string, storeId: number): Lsn {
  let bytes: Uint8Array;
  try {
    bytes = fileSystem.readFile(joinPath(directory, FLUSH_LSN_SLOT_FORMAT.fileName));
  } catch (error) {
    if (error instanceof FileSystemError && error.code === 'ENOENT') return 0;
    throw error;
  }
  const slot = decodeFlushLsnSlot(bytes);
  return typeof slot === 'string' || slot.storeId !== storeId ? 0 : slot.flushLsn;
}

/** Publishes a primary's flush LSN into its slot: one positional write per call, never a sync. */
export class FlushLsnPublisher {
  private handle: FileHandle | undefined;
  private publishedLsn = -1;

  constructor(
    private readonly fileSystem: FileSystem,
    private readonly directory: string,
    private readonly storeId: number,
  ) {}

  /** Publishes that the log is durable up to `flushLsn`; a value not above the last one is skipped. */
  publish(flushLsn: Lsn): void {
    if (flushLsn <= this.publishedLsn) return;
    this.handle ??= this.fileSystem.open(joinPath(this.directory, FLUSH_LSN_SLOT_FORMAT.fileName), { create: true });
    this.handle.write(encodeFlushLsnSlot({ storeId: this.storeId, flushLsn }), 0);
    this.publishedLsn = flushLsn;
  }

  /** Closes the slot's handle. */
  close(): void {
    this.handle?.close();
    this.handle = undefined;
  }
}
