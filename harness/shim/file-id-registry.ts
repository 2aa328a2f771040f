/**
 * File ids of a trace: a file id names a file (an inode), not a path or a
 * descriptor. The registry keeps the path -> id map across creates, renames
 * (a rename keeps the id) and removes, for root-relative paths.
 */
import { assert } from '../../engine/invariants.js';

/** The most files one trace may name: a limit on the registry's memory. */
export const MAX_TRACED_FILES = 10_000_000;

/** Maps root-relative paths to file ids and back. */
export class FileIdRegistry {
  private readonly idByPath = new Map<string, number>();
  private readonly pathById = new Map<number, string>();
  private nextFileId = 1;

  /** The id of the file at `path`, if the registry knows one. */
  idOf(path: string): number | undefined {
    return this.idByPath.get(path);
  }

  /** The current path of file `fileId`, or undefined once it was removed or renamed away. */
  pathOf(fileId: number): string | undefined {
    return this.pathById.get(fileId);
  }

  /** Gives `path` a new file id (replacing the entry of any file there before). */
  assign(path: string): number {
    assert(this.nextFileId <= MAX_TRACED_FILES, `more than ${MAX_TRACED_FILES} traced files`);
    this.unlinkFile(path);
    const fileId = this.nextFileId;
    this.nextFileId += 1;
    this.idByPath.set(path, fileId);
    this.pathById.set(fileId, path);
    return fileId;
  }

  /** The id of `path`, assigning one to a file that existed before tracing began. */
  idOrAssign(path: string): number {
    return this.idOf(path) ?? this.assign(path);
  }

  /** Moves the entry (and, for a directory, every entry below it) from `sourcePath` to `targetPath`. */
  rename(sourcePath: string, targetPath: string): void {
    if (sourcePath === targetPath) return;
    const fileId = this.idByPath.get(sourcePath);
    if (fileId !== undefined) {
      // A regular file: O(1), the common case.
      this.unlinkFile(targetPath);
      this.idByPath.delete(sourcePath);
      this.idByPath.set(targetPath, fileId);
      this.pathById.set(fileId, targetPath);
      return;
    }
    // A directory (or an untraced name): move every entry below it.
    const sourcePrefix = `${sourcePath}/`;
    const moves: Array<readonly [string, string, number]> = [];
    for (const [path, entryId] of this.idByPath) {
      if (path.startsWith(sourcePrefix)) moves.push([path, `${targetPath}/${path.slice(sourcePrefix.length)}`, entryId]);
    }
    this.unlinkTree(targetPath);
    for (const [from] of moves) this.idByPath.delete(from);
    for (const [, to, entryId] of moves) {
      this.idByPath.set(to, entryId);
      this.pathById.set(entryId, to);
    }
  }

  /** Forgets the regular file at `path`. */
  unlinkFile(path: string): void {
    const fileId = this.idByPath.get(path);
    if (fileId === undefined) return;
    this.idByPath.delete(path);
    this.pathById.delete(fileId);
  }

  /** Forgets the entry at `path` and every entry below it (a directory). */
  unlinkTree(path: string): void {
    this.unlinkFile(path);
    const prefix = `${path}/`;
    for (const [entryPath, fileId] of this.idByPath) {
      if (entryPath.startsWith(prefix)) {
        this.idByPath.delete(entryPath);
        this.pathById.delete(fileId);
      }
    }
  }
}
