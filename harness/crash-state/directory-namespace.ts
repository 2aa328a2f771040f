/**
 * The directory entries the crash-state builder tracks: the live namespace a
 * process crash leaves, the durable namespace a power loss leaves, and the
 * ordered directory operations in between. Strict POSIX: a create, rename,
 * unlink or mkdir reaches the durable namespace only when its parent directory
 * is synced. A rename within one directory is one operation (it is atomic on
 * every journaling file system); across directories it is two, an unlink in the
 * source's directory and a link in the target's, each durable with its own
 * directory's sync.
 */
import { parentDirectory } from '../../engine/fs/file-system.js';
import { assertNever } from '../../engine/invariants.js';
import { CrashStateError } from './crash-state-error.js';
import type { FileNode } from './file-node.js';

/** The root of the traced directory, as paths in records name it. */
export const ROOT_DIRECTORY = '.';

/** The most unsynced directory operations the builder holds before it gives up on the trace. */
export const PENDING_DIRECTORY_OPERATION_LIMIT = 1_000_000;

/** A directory operation not yet made durable by a sync of `directory`. */
export type DirectoryOperation =
  | { readonly kind: 'link'; readonly directory: string; readonly path: string; readonly file: FileNode }
  | { readonly kind: 'unlink'; readonly directory: string; readonly path: string }
  | { readonly kind: 'rename'; readonly directory: string; readonly sourcePath: string; readonly targetPath: string; readonly file: FileNode }
  | { readonly kind: 'mkdir'; readonly directory: string; readonly path: string };

/** Directory entries: files (path -> inode) and directories. */
export interface Entries {
  readonly files: Map<string, FileNode>;
  readonly directories: Set<string>;
}

/** Normalises a record's path: no leading './', no trailing '/', '' is the root. */
export function normalisePath(path: string): string {
  let normal = path.replace(/\/+$/, '');
  while (normal.startsWith('./')) normal = normal.slice(2);
  return normal === '' ? ROOT_DIRECTORY : normal;
}

/** Applies one directory operation to a set of entries. */
export function applyDirectoryOperation(entries: Entries, operation: DirectoryOperation): void {
  switch (operation.kind) {
    case 'link':
      entries.files.set(operation.path, operation.file);
      return;
    case 'unlink':
      entries.files.delete(operation.path);
      return;
    case 'rename':
      entries.files.delete(operation.sourcePath);
      entries.files.set(operation.targetPath, operation.file);
      return;
    case 'mkdir':
      entries.directories.add(operation.path);
      return;
    default:
      assertNever(operation, 'directory operation');
  }
}

/** The live and durable namespaces and the unsynced operations between them. */
export class DirectoryNamespace {
  readonly live: Entries = { files: new Map(), directories: new Set([ROOT_DIRECTORY]) };
  readonly durable: Entries = { files: new Map(), directories: new Set([ROOT_DIRECTORY]) };
  /** Unsynced operations, oldest first. */
  pending: DirectoryOperation[] = [];

  /** Adds a file or directory that is durable already (the base image). */
  addDurable(path: string, file: FileNode | undefined): void {
    for (const directory of ancestorsOf(path)) {
      this.live.directories.add(directory);
      this.durable.directories.add(directory);
    }
    if (file === undefined) {
      this.live.directories.add(path);
      this.durable.directories.add(path);
    } else {
      this.live.files.set(path, file);
      this.durable.files.set(path, file);
    }
  }

  /** A new directory and any missing parents, each an operation in its own parent. */
  mkdir(path: string): void {
    for (const directory of [...ancestorsOf(path), path]) {
      if (this.live.directories.has(directory)) continue;
      if (this.live.files.has(directory)) throw new CrashStateError('UNSUPPORTED_OPERATION', `mkdir ${directory}: a file has that name`);
      this.record({ kind: 'mkdir', directory: parentDirectory(directory), path: directory });
    }
  }

  /** A new entry naming `file` (replacing any entry of that name). */
  link(path: string, file: FileNode): void {
    this.requireDirectoryOf(path, 'create');
    this.record({ kind: 'link', directory: parentDirectory(path), path, file });
  }

  /** Removes the entry of a regular file. */
  unlink(path: string): void {
    if (!this.live.files.has(path)) throw unknownPath('remove', path);
    this.record({ kind: 'unlink', directory: parentDirectory(path), path });
  }

  /** Renames a regular file over `targetPath`. */
  rename(sourcePath: string, targetPath: string): void {
    const file = this.live.files.get(sourcePath);
    if (file === undefined) {
      if (this.live.directories.has(sourcePath)) throw new CrashStateError('UNSUPPORTED_OPERATION', `rename ${sourcePath} -> ${targetPath}: renaming a directory is not modelled`);
      throw unknownPath('rename', sourcePath);
    }
    if (this.live.directories.has(targetPath)) throw new CrashStateError('UNSUPPORTED_OPERATION', `rename ${sourcePath} -> ${targetPath}: the target is a directory`);
    this.requireDirectoryOf(targetPath, 'rename');
    if (sourcePath === targetPath) return; // POSIX: renaming a file to itself does nothing.
    const sourceDirectory = parentDirectory(sourcePath);
    const targetDirectory = parentDirectory(targetPath);
    if (sourceDirectory === targetDirectory) {
      this.record({ kind: 'rename', directory: sourceDirectory, sourcePath, targetPath, file });
    } else {
      this.record({ kind: 'unlink', directory: sourceDirectory, path: sourcePath });
      this.record({ kind: 'link', directory: targetDirectory, path: targetPath, file });
    }
  }

  /** fsync of a directory: its pending operations become durable, in order. */
  syncDirectory(path: string): void {
    const remaining: DirectoryOperation[] = [];
    for (const operation of this.pending) {
      if (operation.directory === path) applyDirectoryOperation(this.durable, operation);
      else remaining.push(operation);
    }
    this.pending = remaining;
  }

  /** A journal commit (ext4-ordered, see metadata-models.ts): every pending operation becomes durable, in order. */
  commitAll(): void {
    for (const operation of this.pending) applyDirectoryOperation(this.durable, operation);
    this.pending = [];
  }

  private record(operation: DirectoryOperation): void {
    if (this.pending.length >= PENDING_DIRECTORY_OPERATION_LIMIT) {
      throw new CrashStateError('LIMIT_EXCEEDED', `more than ${PENDING_DIRECTORY_OPERATION_LIMIT} unsynced directory operations`);
    }
    applyDirectoryOperation(this.live, operation);
    this.pending.push(operation);
  }

  private requireDirectoryOf(path: string, operation: string): void {
    if (!this.live.directories.has(parentDirectory(path))) throw unknownPath(operation, parentDirectory(path));
  }
}

/** The directories above `path`, outermost first, without the root. */
export function ancestorsOf(path: string): string[] {
  const ancestors: string[] = [];
  for (let directory = parentDirectory(path); directory !== ROOT_DIRECTORY && directory !== '/'; directory = parentDirectory(directory)) {
    ancestors.unshift(directory);
  }
  return ancestors;
}

function unknownPath(operation: string, path: string): CrashStateError {
  return new CrashStateError('UNKNOWN_PATH', `${operation} ${path}: no such entry in the base image or the trace so far`);
}
