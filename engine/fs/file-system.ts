/**
 * The file-system seam. The engine does all of its I/O through this interface,
 * and every added behaviour (recording, fault injection, latency, counting) is a
 * decorator that implements the same interface and exposes `unwrap()`, as in
 * Pebble's `vfs.FS` and RocksDB's `FileSystem`.
 *
 * NB: the interface is synchronous on purpose. On this kind of machine a
 * `node:fs/promises` call costs a thread-pool round trip of 50-110 us, which
 * halves the commit rate of an fsync-bound WAL; `writeSync` + `fdatasyncSync`
 * match C. Group commit comes from batching what arrives while a sync blocks,
 * not from overlapping syscalls. It also keeps the in-memory file system and
 * in-process crash exploration free of promise overhead.
 *
 * Durability semantics every implementation honours (Linux, strict POSIX):
 * - written bytes are durable only after `sync` of that file (through any handle
 *   of the file: sync applies to the file, not the handle), or at once when the
 *   handle was opened with `syncMode` 'dsync' or 'sync';
 * - a created, renamed or removed directory entry is durable only after
 *   `syncDirectory` of its parent directory.
 *
 * Paths are plain strings joined with '/'; implementations do not resolve '..'.
 */

/** How a file's data is flushed: `fsync` flushes data and all metadata; `fdatasync` data and the size. */
export type SyncKind = 'fsync' | 'fdatasync';

/** Synchronous-write modes of an open handle: none, O_DSYNC or O_SYNC. */
export type WriteSyncMode = 'none' | 'dsync' | 'sync';

/** Options of `FileSystem.open`. */
export interface OpenOptions {
  /** Create the file when it does not exist. @defaultValue false */
  readonly create?: boolean;
  /** With `create`: fail with EEXIST when the file exists. @defaultValue false */
  readonly exclusive?: boolean;
  /** Truncate to zero bytes on open. @defaultValue false */
  readonly truncate?: boolean;
  /** Open for reading only. @defaultValue false */
  readonly readOnly?: boolean;
  /** O_DSYNC / O_SYNC: each write is durable when it returns. @defaultValue 'none' */
  readonly syncMode?: WriteSyncMode;
}

/** An open file. Positions are explicit: there is no implicit file offset except for `append`. */
export interface FileHandle {
  /** The path the handle was opened with (it does not follow later renames). */
  readonly path: string;
  /** Writes all of `data` at `offsetBytes`, extending the file when needed. */
  write(data: Uint8Array, offsetBytes: number): void;
  /** Writes all of `data` at the current end of the file; returns the offset written at. */
  append(data: Uint8Array): number;
  /** Reads up to `lengthBytes` from `offsetBytes`; shorter only at the end of the file. */
  read(offsetBytes: number, lengthBytes: number): Uint8Array;
  /** Sets the file's size, zero-filling when it grows. */
  truncate(sizeBytes: number): void;
  /** Makes every write to this file durable (through any handle of it). */
  sync(kind: SyncKind): void;
  /** The file's current size in bytes. */
  sizeBytes(): number;
  /** Closes the handle; further calls throw. */
  close(): void;
}

/** A file as `readStoredPrefix` returns it: the bytes past `storedBytes` up to `sizeBytes` are zeros. */
export interface StoredPrefix {
  /** The stored bytes from offset 0; never longer than `sizeBytes`. */
  readonly storedBytes: Uint8Array;
  readonly sizeBytes: number;
}

/** The narrow file-system interface of the engine. Errors are `FileSystemError`s. */
export interface FileSystem {
  /** Opens (and with `create`, creates) a regular file. */
  open(path: string, options?: OpenOptions): FileHandle;
  /** Reads a whole file. */
  readFile(path: string): Uint8Array;
  /**
   * Reads a whole file as the prefix the file system stores and the file's
   * size: every byte from the prefix's end to the size reads as zero. Only a
   * file system that stores zeros sparsely offers it (MemFileSystem), so a
   * reader of a large preallocated file (a 16 MiB WAL segment) pays for what
   * was written, not for the zeros; everywhere else `readFile` is the answer.
   * Decorators do not forward it: one that intercepts `readFile` would be
   * bypassed, so they leave readers on `readFile`.
   */
  readStoredPrefix?(path: string): StoredPrefix;
  /** Atomically renames `sourcePath` over `targetPath` (replacing it). */
  rename(sourcePath: string, targetPath: string): void;
  /** Removes a regular file. */
  remove(path: string): void;
  /** Names (not paths) of the entries of a directory, sorted. */
  list(directoryPath: string): readonly string[];
  /** Creates a directory and any missing parents; no error when it exists. */
  mkdirAll(directoryPath: string): void;
  /** True when a file or directory exists at `path`. */
  exists(path: string): boolean;
  /** Makes the directory's entries (creates, renames, removes) durable. */
  syncDirectory(directoryPath: string): void;
  /** The wrapped file system, or undefined for a base implementation. */
  unwrap(): FileSystem | undefined;
}

/** Error codes of file-system operations, as on Linux. */
export type FileSystemErrorCode =
  | 'ENOENT'
  | 'EEXIST'
  | 'EIO'
  | 'ENOSPC'
  | 'EBADF'
  | 'EISDIR'
  | 'ENOTDIR'
  | 'ENOTEMPTY'
  | 'EINVAL'
  | 'EACCES'
  | 'EPERM'
  | 'EROFS';

/** A failed file-system operation. `injected` marks faults injected by a test harness. */
export class FileSystemError extends Error {
  override readonly name = 'FileSystemError';
  constructor(
    readonly code: FileSystemErrorCode,
    readonly operation: string,
    readonly path: string,
    readonly injected = false,
    options?: { cause?: unknown },
  ) {
    super(`${injected ? 'injected ' : ''}${code}: ${operation} ${path}`, options);
  }
}

/** The last path component: `dirname`-free base name. */
export function baseName(path: string): string {
  const index = path.lastIndexOf('/');
  return index === -1 ? path : path.slice(index + 1);
}

/** The parent directory of a path ('.' for a bare name). */
export function parentDirectory(path: string): string {
  const index = path.lastIndexOf('/');
  if (index === -1) return '.';
  if (index === 0) return '/';
  return path.slice(0, index);
}

/** Joins path components with '/'. */
export function joinPath(...parts: readonly string[]): string {
  return parts.filter((part) => part.length > 0).join('/').replace(/\/{2,}/g, '/');
}
