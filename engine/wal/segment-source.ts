/**
 * Read access to whole WAL segments during recovery, one segment cached at a
 * time. A segment file shorter than the segment size (which this engine never
 * leaves behind, but another crash model might) reads as zero-filled to full
 * size, as a sparse hole would. A segment is only readable when its header
 * (segment-header.ts) is whole and names this store, this segment size and this
 * very segment; the inventory refuses a misplaced one before the scan starts.
 */
import type { FileSystem } from '../fs/file-system.js';
import { joinPath } from '../fs/file-system.js';
import type { SegmentGeometry } from './segment-geometry.js';
import { decodeSegmentHeader } from './segment-header.js';
import type { SegmentHeader } from './segment-header.js';

/** A segment as recovery sees it. */
export type SegmentRead =
  | { readonly kind: 'ok'; readonly bytes: Buffer; readonly header: SegmentHeader }
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

  segmentNumbersFrom(segmentNumber: number): readonly number[] {
    return this.sorted.filter((number) => number >= segmentNumber);
  }

  private load(segmentNumber: number): SegmentRead {
    if (!this.existing.has(segmentNumber)) return { kind: 'missing' };
    const raw = this.fileSystem.readFile(joinPath(this.directory, this.geometry.fileName(segmentNumber)));
    let bytes: Buffer;
    if (raw.length === this.geometry.segmentSizeBytes) {
      bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    } else {
      bytes = Buffer.alloc(this.geometry.segmentSizeBytes);
      bytes.set(raw.subarray(0, this.geometry.segmentSizeBytes));
    }
    const header = decodeSegmentHeader(bytes);
    if (typeof header === 'string') return { kind: 'bad-header', zeroFilled: header === 'segment header is zero-filled', reason: header };
    const problem = identityProblem(header, segmentNumber, this.identity);
    if (problem !== undefined) return { kind: 'bad-header', zeroFilled: false, reason: problem };
    return { kind: 'ok', bytes, header };
  }
}

/** Why a valid header does not belong at `segmentNumber` of this store, or undefined when it does. */
export function identityProblem(header: SegmentHeader, segmentNumber: number, identity: SegmentIdentity): string | undefined {
  if (header.storeId !== identity.storeId) return `segment header names store ${header.storeId}, not this store's ${identity.storeId}`;
  if (header.segmentSizeBytes !== identity.segmentSizeBytes) return `segment header names segment size ${header.segmentSizeBytes}`;
  if (header.segmentNumber !== segmentNumber) return `segment header names segment ${header.segmentNumber}`;
  return undefined;
}
