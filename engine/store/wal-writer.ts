/**
 * The WAL segment files on disk: creating (preallocating) segments, writing a
 * group flush at its LSN position, syncing, and recycling old segments.
 *
 * Segments are preallocated as PostgreSQL does (XLogFileInit): a zero-filled
 * temp file of full size with its segment header (segment-header.ts) is synced,
 * renamed to its segment name and the directory synced, so a named segment is
 * always full size, carries a whole header, and its name is durable before any
 * record in it is acknowledged. The next segment is prepared AHEAD of need, in
 * its own engine turn after the flush that entered the current one, so a flush
 * does not pay for it; its header then also records how far the log had
 * reached (a witness recovery uses to refuse a log missing its newest segment). Overwriting preallocated
 * space syncs about twice as fast as appending on ext4, because fdatasync then
 * has no file-size change to commit to the journal. Old segments are recycled
 * by renaming them to future names (InstallXLogFileSegment): the new header is
 * written and synced into the old file first, so a crash before the rename
 * leaves it under its old name, below the redo point, where recovery ignores
 * it. Their stale records carry old LSNs and are never replayed.
 */
import { sharedZeros, SHARED_ZEROS_BYTES_MAX } from '../fs/shared-zeros.js';
import type { FileHandle, FileSystem } from '../fs/file-system.js';
import { joinPath } from '../fs/file-system.js';
import { assert } from '../invariants.js';
import type { EncodedBatch } from '../wal/batch-encoder.js';
import type { Lsn } from '../wal/lsn.js';
import type { SegmentGeometry } from '../wal/segment-geometry.js';
import { encodeSegmentHeader, SEGMENT_HEADER_FORMAT } from '../wal/segment-header.js';
import type { Durability } from './durability-policy.js';
import type { EngineParts } from './engine-parts.js';

/** Zero-fill chunk when preallocating a segment: bounds the memory used. */
const PREALLOCATION_CHUNK_BYTES = SHARED_ZEROS_BYTES_MAX;
/** Suffix of temp files; recovery removes leftovers. */
export const TEMP_FILE_SUFFIX = '.tmp';

/** Writes and manages WAL segment files in one directory. */
export class WalWriter {
  private readonly handles = new Map<number, FileHandle>();
  /** The end of the log known to be synced: what a new segment header may claim. */
  private durableEndLsn: Lsn;
  /** The last segment the next one was prepared ahead for. */
  private preparedAheadFor = -1;

  constructor(
    private readonly fileSystem: FileSystem,
    private readonly directory: string,
    private readonly geometry: SegmentGeometry,
    private readonly durability: Durability,
    /** Segment numbers whose files exist; kept up to date by this class. */
    private readonly existingSegments: Set<number>,
    private readonly storeId: number,
    durableEndLsn: Lsn,
  ) {
    this.durableEndLsn = durableEndLsn;
  }

  /** The writer of a recovered store: its segments on disk, its identity, the end recovery found (synced). */
  static forStore(parts: EngineParts): WalWriter {
    const { recovered } = parts;
    return new WalWriter(parts.fileSystem, parts.directory, parts.geometry, parts.durability, recovered.existingSegments, recovered.control.storeId, recovered.endLsn);
  }

  /** The end of the log known to be synced. */
  durableEnd(): Lsn {
    return this.durableEndLsn;
  }

  /** Records that the log up to `lsn` is synced. */
  noteDurableEnd(lsn: Lsn): void {
    if (lsn > this.durableEndLsn) this.durableEndLsn = lsn;
  }

  /**
   * True when the segment after the one holding `endLsn` still has to be
   * prepared ahead: once the current one is half used, so the preparation
   * happens well before the flush that needs it, and a store that only ever
   * writes a little never prepares a second segment.
   */
  needsPrepareAhead(endLsn: Lsn): boolean {
    return (
      this.geometry.segmentNumberOf(endLsn) > this.preparedAheadFor &&
      this.geometry.offsetInSegment(endLsn) >= this.geometry.segmentSizeBytes / 2
    );
  }

  /**
   * Prepares the segment after the one holding `endLsn` before it is needed:
   * creates it, or rewrites the header of a recycled spare so that it records
   * the current durable end. Never touches a segment the log already reached.
   */
  prepareAhead(endLsn: Lsn): void {
    if (!this.needsPrepareAhead(endLsn)) return;
    const current = this.geometry.segmentNumberOf(endLsn);
    this.preparedAheadFor = current;
    const next = current + 1;
    if (!this.existingSegments.has(next)) {
      this.createSegment(next);
      return;
    }
    this.restampHeader(this.segmentPath(next), next);
  }

  /** Opens (creating and preallocating when missing) the segment for writing. */
  segmentHandle(segmentNumber: number): FileHandle {
    const open = this.handles.get(segmentNumber);
    if (open !== undefined) return open;
    if (!this.existingSegments.has(segmentNumber)) this.createSegment(segmentNumber);
    const handle = this.fileSystem.open(this.segmentPath(segmentNumber), {
      syncMode: this.durability.policy.walHandleSyncMode,
    });
    this.handles.set(segmentNumber, handle);
    return handle;
  }

  /**
   * Writes a batch with one positional write per segment it touches (never over
   * a segment header: the batch holds zeros there); returns those segments' handles.
   */
  writeBatch(batch: EncodedBatch): readonly FileHandle[] {
    const touched: FileHandle[] = [];
    let position = batch.startLsn;
    while (position < batch.endLsn) {
      const segmentNumber = this.geometry.segmentNumberOf(position);
      const segmentStart = this.geometry.segmentStartLsn(segmentNumber);
      const pieceEnd = Math.min(batch.endLsn, segmentStart + this.geometry.segmentSizeBytes);
      const pieceStart = Math.max(position, segmentStart + SEGMENT_HEADER_FORMAT.headerBytes);
      const handle = this.segmentHandle(segmentNumber);
      if (pieceStart < pieceEnd) {
        handle.write(batch.bytes.subarray(pieceStart - batch.startLsn, pieceEnd - batch.startLsn), pieceStart - segmentStart);
        touched.push(handle);
      }
      position = pieceEnd;
    }
    return touched;
  }

  /** Closes the handles of segments before `segmentNumber`: the log has moved past them. */
  closeSegmentsBefore(segmentNumber: number): void {
    for (const [number, handle] of this.handles) {
      if (number < segmentNumber) {
        handle.close();
        this.handles.delete(number);
      }
    }
  }

  /**
   * Recycles every segment before `segmentNumber` (wholly before the redo point):
   * renames up to `sparesMax` of them to names after the newest segment and
   * removes the rest, then syncs the directory once.
   */
  recycleSegmentsBefore(segmentNumber: number, sparesMax: number): void {
    const old = [...this.existingSegments].filter((number) => number < segmentNumber).sort((a, b) => a - b);
    if (old.length === 0) return;
    this.closeSegmentsBefore(segmentNumber);
    let newest = Math.max(...this.existingSegments);
    const spares = [...this.existingSegments].filter((number) => number > segmentNumber).length;
    let sparesLeft = Math.max(0, sparesMax - spares);
    for (const number of old) {
      if (sparesLeft > 0) {
        newest += 1;
        this.restampHeader(this.segmentPath(number), newest);
        this.fileSystem.rename(this.segmentPath(number), this.segmentPath(newest));
        this.existingSegments.add(newest);
        sparesLeft -= 1;
      } else {
        this.fileSystem.remove(this.segmentPath(number));
      }
      this.existingSegments.delete(number);
    }
    this.durability.syncDirectory(this.directory);
  }

  /** How many segment files exist (the WAL on disk, spares included). */
  segmentCount(): number {
    return this.existingSegments.size;
  }

  /** Closes every handle. */
  close(): void {
    for (const handle of this.handles.values()) handle.close();
    this.handles.clear();
  }

  /** The path of a segment file. */
  segmentPath(segmentNumber: number): string {
    return joinPath(this.directory, this.geometry.fileName(segmentNumber));
  }

  private createSegment(segmentNumber: number): void {
    const path = this.segmentPath(segmentNumber);
    const tempPath = path + TEMP_FILE_SUFFIX;
    const handle = this.fileSystem.open(tempPath, { create: true, truncate: true });
    try {
      const zeros = sharedZeros(Math.min(PREALLOCATION_CHUNK_BYTES, this.geometry.segmentSizeBytes));
      for (let offset = 0; offset < this.geometry.segmentSizeBytes; offset += zeros.length) {
        handle.write(zeros, offset);
      }
      handle.write(this.headerFor(segmentNumber), 0);
      this.durability.syncFile(handle);
    } finally {
      handle.close();
    }
    this.fileSystem.rename(tempPath, path);
    this.durability.syncDirectory(this.directory);
    assert(!this.existingSegments.has(segmentNumber), 'segment created once');
    this.existingSegments.add(segmentNumber);
  }

  /** Rewrites the header of the existing segment file at `path` as segment `segmentNumber`, and syncs it. */
  private restampHeader(path: string, segmentNumber: number): void {
    const handle = this.fileSystem.open(path);
    try {
      handle.write(this.headerFor(segmentNumber), 0);
      this.durability.syncFile(handle);
    } finally {
      handle.close();
    }
  }

  private headerFor(segmentNumber: number): Buffer {
    return encodeSegmentHeader({
      segmentSizeBytes: this.geometry.segmentSizeBytes,
      storeId: this.storeId,
      segmentNumber,
      preparedAtLsn: this.durableEndLsn,
    });
  }
}
