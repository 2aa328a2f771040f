/**
 * Durable archive status, PostgreSQL's `archive_status` idea kept beside the
 * segments: `<segment>.ready` says a completed segment waits for the archiver,
 * `<segment>.done` says its archive copy is durable. Only `.done` matters for
 * safety (a segment is recycled only after its `.done` is durable), so `.ready`
 * is created without a sync, as PostgreSQL does; a restarted engine treats any
 * completed segment without `.done` as waiting, with or without its `.ready`.
 */
import type { FileSystem } from '../fs/file-system.js';
import { joinPath } from '../fs/file-system.js';
import type { Durability } from '../store/durability-policy.js';

/** Frozen marker suffixes. */
export const ARCHIVE_MARKERS = Object.freeze({ ready: '.ready', done: '.done' });

/** The segment name a marker file name refers to, and which marker it is; undefined for other names. */
export function parseMarkerName(name: string): { readonly segmentName: string; readonly marker: 'ready' | 'done' } | undefined {
  if (name.endsWith(ARCHIVE_MARKERS.ready)) return { segmentName: name.slice(0, -ARCHIVE_MARKERS.ready.length), marker: 'ready' };
  if (name.endsWith(ARCHIVE_MARKERS.done)) return { segmentName: name.slice(0, -ARCHIVE_MARKERS.done.length), marker: 'done' };
  return undefined;
}

/** Marker files of one store directory. */
export class ArchiveStatusMarkers {
  constructor(
    private readonly fileSystem: FileSystem,
    private readonly directory: string,
    private readonly durability: Durability,
  ) {}

  /** Notes that a completed segment waits for the archiver (not synced: `.done` is what counts). */
  markReady(segmentName: string): void {
    const handle = this.fileSystem.open(this.path(segmentName, 'ready'), { create: true });
    handle.close();
  }

  /** Records durably that the segment's archive copy is durable: `.ready` becomes `.done`, then the directory is synced. */
  markDone(segmentName: string): void {
    const ready = this.path(segmentName, 'ready');
    const done = this.path(segmentName, 'done');
    if (this.fileSystem.exists(ready)) this.fileSystem.rename(ready, done);
    else this.fileSystem.open(done, { create: true }).close();
    this.durability.syncDirectory(this.directory);
  }

  /** Removes both markers of a segment that is gone (recycled or removed); no sync, a leftover marker is harmless. */
  forget(segmentName: string): void {
    for (const marker of ['ready', 'done'] as const) {
      const path = this.path(segmentName, marker);
      if (this.fileSystem.exists(path)) this.fileSystem.remove(path);
    }
  }

  private path(segmentName: string, marker: 'ready' | 'done'): string {
    return joinPath(this.directory, segmentName + ARCHIVE_MARKERS[marker]);
  }
}
