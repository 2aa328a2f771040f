/**
 * The shim's view of the descriptors a traced program opened under the root:
 * which file (inode) each names, and where its next positionless write lands.
 * node:fs has no lseek, so the position is tracked here from opens, writes and
 * positionless reads.
 */
import type { WriteSyncMode } from '../../engine/fs/file-system.js';

/** Upper bound on descriptors tracked at once; more means the program leaks descriptors. */
export const MAX_TRACKED_DESCRIPTORS = 65_536;

/** One tracked descriptor. `path` and `positionBytes` change as the program renames and writes. */
export interface TrackedDescriptor {
  /** The file's inode number: the trace's file id. */
  readonly fileId: number;
  /** The root-relative path of the file, kept current across renames made through the shim. */
  path: string;
  /** Where a write without a position lands (ignored for O_APPEND descriptors). */
  positionBytes: number;
  readonly append: boolean;
  readonly writable: boolean;
  readonly syncMode: WriteSyncMode;
  readonly isDirectory: boolean;
}

/** Descriptors by number. A reused number replaces the entry of the closed descriptor it reuses. */
export class DescriptorTable {
  private readonly descriptors = new Map<number, TrackedDescriptor>();

  /** Starts tracking `fd` (replacing any stale entry of a descriptor closed behind the shim's back). */
  track(fd: number, descriptor: TrackedDescriptor): void {
    if (!this.descriptors.has(fd) && this.descriptors.size >= MAX_TRACKED_DESCRIPTORS) {
      throw new Error(`unplug preload shim: more than ${MAX_TRACKED_DESCRIPTORS} descriptors open under the traced root`);
    }
    this.descriptors.set(fd, descriptor);
  }

  /** The tracked descriptor `fd`, or undefined when it is not under the root. */
  get(fd: unknown): TrackedDescriptor | undefined {
    return typeof fd === 'number' ? this.descriptors.get(fd) : undefined;
  }

  /** Stops tracking `fd` (it was closed). */
  forget(fd: unknown): void {
    if (typeof fd === 'number') this.descriptors.delete(fd);
  }

  /** Follows a rename of `sourcePath` (a file or a directory) to `targetPath` in every tracked descriptor. */
  rename(sourcePath: string, targetPath: string): void {
    const prefix = `${sourcePath}/`;
    for (const descriptor of this.descriptors.values()) {
      if (descriptor.path === sourcePath) descriptor.path = targetPath;
      else if (descriptor.path.startsWith(prefix)) descriptor.path = targetPath + descriptor.path.slice(sourcePath.length);
    }
  }
}
