/**
 * The segment source of a change-data-capture reader: it shows the replay scan
 * (wal/wal-scan.ts) only the bytes below a bound, the published flush LSN, and
 * zeros after it, so the engine's own scan stops exactly where durability ends
 * ("zeros") without knowing about the bound. Unlike recovery's source it reads
 * a live store: each pass re-reads the segment header (a recycled segment shows
 * up as a header naming another segment) and only the bytes from the pass's
 * start on, keeping the earlier bytes of the one segment it caches, so a
 * follower polling a 16 MiB segment reads what was appended, not the segment.
 */
import type { FileSystem } from '../fs/file-system.js';
import { FileSystemError, joinPath } from '../fs/file-system.js';
import type { Lsn } from '../wal/lsn.js';
import type { SegmentGeometry } from '../wal/segment-geometry.js';
import { decodeSegmentHeader, SEGMENT_HEADER_FORMAT } from '../wal/segment-header.js';
import { identityProblem, type SegmentIdentity, type SegmentRead, type SegmentSource } from '../wal/segment-source.js';

/** The cached segment: its bytes (zeros beyond `filledToBytes`) and the header they were read under. */
interface CachedSegment {
  readonly segmentNumber: number;
  readonly bytes: Buffer;
  readonly header: Buffer;
  filledToBytes: number;
}

/** A `SegmentSource` over a live store's segment files that hides everything at or after the bound. */
export class DurablePrefixSegmentSource implements SegmentSource {
  private cached: CachedSegment | undefined;
  private passStartLsn: Lsn = 0;
  private boundLsn: Lsn = 0;
  private readThisPass = new Map<number, SegmentRead>();

  constructor(
    private readonly fileSystem: FileSystem,
    private readonly directory: string,
    private readonly geometry: SegmentGeometry,
    private readonly identity: SegmentIdentity,
  ) {}

  /** Starts a scan pass from `startLsn` that may see bytes below `boundLsn` only. */
  beginPass(startLsn: Lsn, boundLsn: Lsn): void {
    this.passStartLsn = startLsn;
    this.boundLsn = boundLsn;
    this.readThisPass = new Map();
  }

  readSegment(segmentNumber: number): SegmentRead {
    const known = this.readThisPass.get(segmentNumber);
    if (known !== undefined) return known;
    const read = this.load(segmentNumber);
    this.readThisPass.set(segmentNumber, read);
    return read;
  }

  segmentNumbersFrom(segmentNumber: number): readonly number[] {
    // The scan itself never asks (only recovery's later-record search does); a live store's list would be stale at once.
    return [segmentNumber];
  }

  private load(segmentNumber: number): SegmentRead {
    const segmentStart = this.geometry.segmentStartLsn(segmentNumber);
    const limitBytes = Math.max(0, Math.min(this.geometry.segmentSizeBytes, this.boundLsn - segmentStart));
    if (limitBytes <= SEGMENT_HEADER_FORMAT.headerBytes) return { kind: 'missing' };
    let handle;
    try {
      handle = this.fileSystem.open(joinPath(this.directory, this.geometry.fileName(segmentNumber)), { readOnly: true });
    } catch (error) {
      if (error instanceof FileSystemError && error.code === 'ENOENT') return { kind: 'missing' };
      throw error;
    }
    try {
      const header = Buffer.from(handle.read(0, SEGMENT_HEADER_FORMAT.headerBytes));
      let entry = this.cached;
      if (entry === undefined || entry.segmentNumber !== segmentNumber || !entry.header.equals(header)) {
        // Another segment, or this one recycled since: nothing cached is valid.
        entry = { segmentNumber, bytes: Buffer.alloc(this.geometry.segmentSizeBytes), header, filledToBytes: 0 };
        entry.bytes.set(header, 0);
        this.cached = entry;
      }
      // Bytes before the pass's start were read under the same header and are below an earlier bound: they do not change.
      const fromBytes = segmentStart >= this.passStartLsn ? SEGMENT_HEADER_FORMAT.headerBytes : Math.max(SEGMENT_HEADER_FORMAT.headerBytes, this.geometry.offsetInSegment(this.passStartLsn));
      const fresh = handle.read(fromBytes, limitBytes - fromBytes);
      entry.bytes.set(fresh, fromBytes);
      // A short file (or a lower bound than last pass) reads as zeros past what it holds.
      const endBytes = fromBytes + fresh.byteLength;
      if (entry.filledToBytes > endBytes) entry.bytes.fill(0, endBytes, entry.filledToBytes);
      entry.filledToBytes = endBytes;
      const decoded = decodeSegmentHeader(entry.bytes);
      if (typeof decoded === 'string') return { kind: 'bad-header', zeroFilled: decoded === 'segment header is zero-filled', reason: decoded };
      const problem = identityProblem(decoded, segmentNumber, this.identity);
      if (problem !== undefined) return { kind: 'bad-header', zeroFilled: false, reason: problem };
      return { kind: 'ok', bytes: entry.bytes, header: decoded };
    } finally {
      handle.close();
    }
  }
}
