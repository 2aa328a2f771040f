/**
 * Read access to whole WAL segments during recovery, one segment cached at a
 * time. A segment file shorter than the segment size (which this engine never
 * leaves behind, but another crash model might) reads as zero-filled to full
 * size, as a sparse hole would. A segment is only readable when its header
 * (segment-header.ts) is whole and names this store, this segment size and this
 * very segment; the inventory refuses a misplaced one before the scan starts.
 *
 * A segment also carries `dataEndBytes`: every byte at or past it is zero.
 * On a file system that stores zeros sparsely (`readStoredPrefix`) it is the
 * end of what the file system stores, so the scans for records
 * (later-record-search.ts) stop there instead of walking a 16 MiB segment's
 * unused, preallocated tail; a record's `lsn` field is never zero, so no
 * record can start in that tail and the shortcut changes no result.
 * Elsewhere it is the end of the bytes read (zero-extension past it).
 */
import type { FileSystem } from '../fs/file-system.js';
import { joinPath } from '../fs/file-system.js';
import type { SegmentGeometry } from './segment-geometry.js';
import { giveBackZeroedBuffer, takeZeroedBuffer } from './segment-buffer-pool.js';
import { decodeSegmentHeader } from './segment-header.js';
import type { SegmentHeader } from './segment-header.js';

/** A segment as recovery sees it. */
export type SegmentRead =
  | {
      readonly kind: 'ok';
      /** The whole segment, `segmentSizeBytes` long. */
      readonly bytes: Buffer;
      readonly header: SegmentHeader;
      /** Every byte of `bytes` at or past this offset is zero; absent, any byte may hold data. */
      readonly dataEndBytes?: number;
    }
  | { readonly kind: 'missing' }
  | { readonly kind: 'bad-header'; readonly zeroFilled: boolean; readonly reason: string };

/** Reads segments by number. */
export interface SegmentSource {
  readSegment(segmentNumber: number): SegmentRead;
  /** The existing segment numbers at or after `segmentNumber`, ascending. */
  segmentNumbersFrom(segmentNumber: number): readonly number[];
}

/** What a header must say to belong where it is. */
export interface SegmentIdentity {
  readonly storeId: number;
  readonly segmentSizeBytes: number;
}

/** A `SegmentSource` over the segment files in a directory. */
export class DirectorySegmentSource implements SegmentSource {
  private cachedNumber = -1;
  private cached: SegmentRead = { kind: 'missing' };
  private readonly sorted: readonly number[];
  /** Pooled buffers this source filled, with how far: given back by `release`. */
  private readonly pooled: { readonly buffer: Buffer; readonly dataEndBytes: number }[] = [];

  constructor(
    private readonly fileSystem: FileSystem,
    private readonly directory: string,
    private readonly geometry: SegmentGeometry,
    private readonly existing: ReadonlySet<number>,
    private readonly identity: SegmentIdentity,
  ) {
    this.sorted = [...existing].sort((a, b) => a - b);
  }

  /** Reads a whole segment, zero-extended to the segment size, and checks its header. */
  readSegment(segmentNumber: number): SegmentRead {
    if (segmentNumber === this.cachedNumber) return this.cached;
    this.cachedNumber = segmentNumber;
    this.cached = this.load(segmentNumber);
    return this.cached;
  }

  /**
   * Gives this source's zero-extended buffers back to the pool for the next
   * recovery. Neither the source nor any `SegmentRead` it returned may be used
   * afterwards (the bytes will be reused); a source never released just leaves
   * its buffers to the garbage collector.
   */
  release(): void {
    this.cachedNumber = -1;
    this.cached = { kind: 'missing' };
    for (const { buffer, dataEndBytes } of this.pooled.splice(0)) giveBackZeroedBuffer(buffer, dataEndBytes);
  }

  segmentNumbersFrom(segmentNumber: number): readonly number[] {
    return this.sorted.filter((number) => number >= segmentNumber);
  }

  private load(segmentNumber: number): SegmentRead {
    if (!this.existing.has(segmentNumber)) return { kind: 'missing' };
    const { bytes, dataEndBytes } = this.readZeroExtended(joinPath(this.directory, this.geometry.fileName(segmentNumber)));
    const header = decodeSegmentHeader(bytes);
    if (typeof header === 'string') return { kind: 'bad-header', zeroFilled: header === 'segment header is zero-filled', reason: header };
    const problem = identityProblem(header, segmentNumber, this.identity);
    if (problem !== undefined) return { kind: 'bad-header', zeroFilled: false, reason: problem };
    return { kind: 'ok', bytes, header, dataEndBytes };
  }

  /** A segment file's bytes zero-extended (or cut) to the segment size, and where its stored data ends. */
  private readZeroExtended(path: string): { readonly bytes: Buffer; readonly dataEndBytes: number } {
    const sizeBytes = this.geometry.segmentSizeBytes;
    const raw = this.fileSystem.readStoredPrefix?.(path).storedBytes ?? this.fileSystem.readFile(path);
    if (raw.length === sizeBytes) return { bytes: Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), dataEndBytes: sizeBytes };
    // A pooled buffer is cleared only as far as its last user wrote it, so the
    // zero tail of a sparse 16 MiB segment costs nothing here and nothing
    // later, as long as the scans stop at `dataEndBytes`.
    const bytes = takeZeroedBuffer(sizeBytes);
    const stored = raw.subarray(0, sizeBytes);
    bytes.set(stored);
    this.pooled.push({ buffer: bytes, dataEndBytes: stored.length });
    return { bytes, dataEndBytes: stored.length };
  }
}

/** Why a valid header does not belong at `segmentNumber` of this store, or undefined when it does. */
export function identityProblem(header: SegmentHeader, segmentNumber: number, identity: SegmentIdentity): string | undefined {
  if (header.storeId !== identity.storeId) return `segment header names store ${header.storeId}, not this store's ${identity.storeId}`;
  if (header.segmentSizeBytes !== identity.segmentSizeBytes) return `segment header names segment size ${header.segmentSizeBytes}`;
  if (header.segmentNumber !== segmentNumber) return `segment header names segment ${header.segmentNumber}`;
  return undefined;
}
