/**
 * Archiving to a directory through the engine's file-system seam, so crash
 * tests see every step: copy the segment to `<name>.tmp` in chunks (one chunk
 * per event-loop turn, so commits are never held up behind a 16 MiB copy), sync
 * it, rename it to `<name>` and sync the archive directory. Only then is the
 * copy durable; the `archive-rename-without-dir-sync` defect skips that last
 * sync, so a power cut can take the renamed copy back after its segment is gone.
 */
import type { FileHandle, FileSystem } from '../fs/file-system.js';
import { joinPath } from '../fs/file-system.js';
import type { DefectSet } from '../store/defects.js';
import type { Durability } from '../store/durability-policy.js';
import { TEMP_FILE_SUFFIX } from '../store/wal-writer.js';
import { ARCHIVE_LIMITS } from './archive-settings.js';
import type { ArchiveTarget } from './archive-target.js';
import { COMMIT_TIMES_FORMAT } from './commit-times.js';

/** An `ArchiveTarget` that copies segments into a directory. */
export class DirectoryArchiveTarget implements ArchiveTarget {
  readonly kind = 'directory';
  private aborted = false;

  constructor(
    private readonly fileSystem: FileSystem,
    private readonly archiveDirectory: string,
    private readonly durability: Durability,
    private readonly defects: DefectSet,
    private readonly segmentSizeBytes: number,
  ) {}

  archive(segmentName: string, segmentPath: string, commitTimes?: string): Promise<void> {
    this.aborted = false;
    return new Promise<void>((resolve, reject) => {
      let source: FileHandle | undefined;
      let copy: FileHandle | undefined;
      const tempPath = joinPath(this.archiveDirectory, segmentName + TEMP_FILE_SUFFIX);
      const closeAll = (): void => {
        source?.close();
        copy?.close();
        source = undefined;
        copy = undefined;
      };
      const step = (offsetBytes: number): void => {
        try {
          if (this.aborted) throw new Error(`archiving ${segmentName} was stopped by close`);
          if (source === undefined || copy === undefined) {
            this.fileSystem.mkdirAll(this.archiveDirectory);
            source = this.fileSystem.open(segmentPath, { readOnly: true });
            copy = this.fileSystem.open(tempPath, { create: true, truncate: true });
          }
          const chunk = source.read(offsetBytes, Math.min(ARCHIVE_LIMITS.copyChunkBytes, this.segmentSizeBytes - offsetBytes));
          copy.write(chunk, offsetBytes);
          const next = offsetBytes + chunk.length;
          if (chunk.length > 0 && next < this.segmentSizeBytes) {
            setImmediate(() => step(next));
            return;
          }
          this.durability.syncFile(copy);
          closeAll();
          // The times file goes in first: the directory sync below makes both names durable.
          if (commitTimes !== undefined && commitTimes.length > 0) this.installTimes(segmentName, commitTimes);
          this.fileSystem.rename(tempPath, joinPath(this.archiveDirectory, segmentName));
          if (!this.defects.has('archive-rename-without-dir-sync')) this.durability.syncDirectory(this.archiveDirectory);
          resolve();
        } catch (error) {
          try {
            closeAll();
          } catch {
            // The attempt already failed; its first error is the one worth reporting.
          }
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
      step(0);
    });
  }

  abort(): void {
    this.aborted = true;
  }

  private installTimes(segmentName: string, commitTimes: string): void {
    const path = joinPath(this.archiveDirectory, segmentName + COMMIT_TIMES_FORMAT.suffix);
    const handle = this.fileSystem.open(path + TEMP_FILE_SUFFIX, { create: true, truncate: true });
    try {
      handle.write(Buffer.from(commitTimes), 0);
      this.durability.syncFile(handle);
    } finally {
      handle.close();
    }
    this.fileSystem.rename(path + TEMP_FILE_SUFFIX, path);
  }
}
