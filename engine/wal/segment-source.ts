/**
 * Read access to whole WAL segments during recovery, one segment cached at a
 * time. A segment file shorter than the segment size (which this engine never
 * leaves behind, but another crash model might) reads as zero-filled to full
 * size, as a sparse hole would.
 */
import type { FileSystem } from '../fs/file-system.js';
import { joinPath } from '../fs/file-system.js';
import type { SegmentGeometry } from './segment-geometry.js';

/** Reads segments by number; undefined when the segment file does not exist. */
export interface SegmentSource {
  readSegment(segmentNumber: number): Buffer | undefined;
}

/** A `SegmentSource` over the segment files in a directory. */
export class DirectorySegmentSource implements SegmentSource {
  private cachedNumber = -1;
  private cached: Buffer | undefined;

  constructor(
    private readonly fileSystem: FileSystem,
    private readonly directory: string,
    private readonly geometry: SegmentGeometry,
    private readonly existing: ReadonlySet<number>,
  ) {}

  /** Reads a whole segment, zero-extended to the segment size. */
  readSegment(segmentNumber: number): Buffer | undefined {
    if (segmentNumber === this.cachedNumber) return this.cached;
    if (!this.existing.has(segmentNumber)) return undefined;
    const path = joinPath(this.directory, this.geometry.fileName(segmentNumber));
    const raw = this.fileSystem.readFile(path);
    let segment: Buffer;
    if (raw.length === this.geometry.segmentSizeBytes) {
      segment = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    } else {
      segment = Buffer.alloc(this.geometry.segmentSizeBytes);
      segment.set(raw.subarray(0, this.geometry.segmentSizeBytes));
    }
    this.cachedNumber = segmentNumber;
    this.cached = segment;
    return segment;
  }
}
