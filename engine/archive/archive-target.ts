/**
 * Where the archiver hands a completed segment: a directory or a command. One
 * attempt archives one segment and settles only when the copy is durable (or
 * has failed); the archiver owns ordering, retries and markers.
 */

/** One place segments are archived to. */
export interface ArchiveTarget {
  readonly kind: 'directory' | 'command';
  /**
   * Archives the segment at `segmentPath` as `segmentName`; resolves once the copy is durable, rejects
   * with an Error saying why not. `commitTimes` is the segment's times file (commit-times.ts), which a
   * directory target archives beside it and a command target cannot.
   */
  archive(segmentName: string, segmentPath: string, commitTimes?: string): Promise<void>;
  /** Ends an attempt in flight (its promise rejects); used when the engine closes. */
  abort(): void;
}
