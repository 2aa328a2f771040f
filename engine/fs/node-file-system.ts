/**
 * The real file system: synchronous `node:fs` calls, one per operation, so the
 * engine pays what C pays for `write` + `fdatasync` (see file-system.ts for why
 * the seam is synchronous).
 *
 * Durability is the kernel's: `sync` is `fsync(2)` or `fdatasync(2)`,
 * `syncMode` opens with O_DSYNC or O_SYNC, and `syncDirectory` opens the
 * directory and fsyncs it, as PostgreSQL's `fsync_fname` does.
 */
import fs from 'node:fs';
import { assertNever } from '../invariants.js';
import { assertByteCount, assertReadLength, assertValidOpenOptions } from './file-system-argument-checks.js';
import type { FileHandle, FileSystem, FileSystemErrorCode, OpenOptions, SyncKind, WriteSyncMode } from './file-system.js';
import { FileSystemError } from './file-system.js';

/** The errno codes passed through unchanged; any other becomes 'EIO' with the original as `cause`. */
const KNOWN_ERROR_CODES: ReadonlySet<string> = new Set<FileSystemErrorCode>([
  'ENOENT',
  'EEXIST',
  'EIO',
  'ENOSPC',
  'EBADF',
  'EISDIR',
  'ENOTDIR',
  'ENOTEMPTY',
  'EINVAL',
  'EACCES',
  'EPERM',
  'EROFS',
]);

/** Maps a thrown `node:fs` error to a `FileSystemError` naming the operation and path. */
export function toFileSystemError(error: unknown, operation: string, path: string): FileSystemError {
  if (error instanceof FileSystemError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  // A full quota is a full disk as far as a storage engine is concerned.
  const mapped: FileSystemErrorCode =
    code === 'EDQUOT' ? 'ENOSPC' : code !== undefined && KNOWN_ERROR_CODES.has(code) ? (code as FileSystemErrorCode) : 'EIO';
  return new FileSystemError(mapped, operation, path, false, { cause: error });
}

/** True for an error the kernel returned (it carries an errno), as opposed to a bug such as a bad argument type. */
function isSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).errno === 'number';
}

/** Runs `action`, turning any error the kernel returned into a `FileSystemError`; bugs propagate unchanged. */
function translateErrors<T>(operation: string, path: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (isSystemError(error)) throw toFileSystemError(error, operation, path);
    throw error;
  }
}

/** The open(2) flag of a write-sync mode. */
function syncModeFlag(syncMode: WriteSyncMode): number {
  switch (syncMode) {
    case 'none':
      return 0;
    case 'dsync':
      return fs.constants.O_DSYNC;
    case 'sync':
      return fs.constants.O_SYNC;
    default:
      return assertNever(syncMode, 'syncMode');
  }
}

/** Computes the open(2) flags of `options`. */
function openFlags(options: OpenOptions): number {
  const { O_RDONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC } = fs.constants;
  let flags = options.readOnly === true ? O_RDONLY : O_RDWR;
  if (options.create === true) flags |= O_CREAT;
  if (options.exclusive === true) flags |= O_EXCL;
  if (options.truncate === true) flags |= O_TRUNC;
  return flags | syncModeFlag(options.syncMode ?? 'none');
}

/**
 * The size of one open file, shared by every handle of that file opened through
 * one NodeFileSystem, so `append` knows the end of the file without an fstat per
 * call. Writers outside this process are not seen (an engine owns its files).
 */
interface SharedFileSize {
  sizeBytes: number;
  openHandles: number;
}

class NodeFileHandle implements FileHandle {
  private closed = false;

  constructor(
    readonly path: string,
    private readonly fd: number,
    private readonly readOnly: boolean,
    private readonly shared: SharedFileSize,
    private readonly release: () => void,
  ) {}

  write(data: Uint8Array, offsetBytes: number): void {
    assertByteCount(offsetBytes, 'write offset');
    this.checkOpen('write');
    // Checked here because an empty write makes no syscall that would report it.
    if (this.readOnly) throw new FileSystemError('EBADF', 'write', this.path);
    translateErrors('write', this.path, () => {
      let writtenBytes = 0;
      // writeSync may write fewer bytes than asked (a signal, a nearly full disk): loop until all are written.
      while (writtenBytes < data.byteLength) {
        writtenBytes += fs.writeSync(this.fd, data, writtenBytes, data.byteLength - writtenBytes, offsetBytes + writtenBytes);
      }
    });
    // pwrite of nothing does not extend the file.
    if (data.byteLength > 0) this.shared.sizeBytes = Math.max(this.shared.sizeBytes, offsetBytes + data.byteLength);
  }

  append(data: Uint8Array): number {
    this.checkOpen('append');
    const offsetBytes = this.shared.sizeBytes;
    this.write(data, offsetBytes);
    return offsetBytes;
  }

  read(offsetBytes: number, lengthBytes: number): Uint8Array {
    assertByteCount(offsetBytes, 'read offset');
    assertReadLength(lengthBytes);
    this.checkOpen('read');
    const buffer = new Uint8Array(lengthBytes);
    const readBytes = translateErrors('read', this.path, () => {
      let total = 0;
      // A short read means the end of the file only once readSync returns 0.
      while (total < lengthBytes) {
        const count = fs.readSync(this.fd, buffer, total, lengthBytes - total, offsetBytes + total);
        if (count === 0) break;
        total += count;
      }
      return total;
    });
    return readBytes === lengthBytes ? buffer : buffer.subarray(0, readBytes);
  }

  truncate(sizeBytes: number): void {
    assertByteCount(sizeBytes, 'truncate size');
    this.checkOpen('truncate');
    translateErrors('truncate', this.path, () => fs.ftruncateSync(this.fd, sizeBytes));
    this.shared.sizeBytes = sizeBytes;
  }

  sync(kind: SyncKind): void {
    this.checkOpen(kind);
    translateErrors(kind, this.path, () => (kind === 'fsync' ? fs.fsyncSync(this.fd) : fs.fdatasyncSync(this.fd)));
  }

  sizeBytes(): number {
    this.checkOpen('size');
    return this.shared.sizeBytes;
  }

  close(): void {
    this.checkOpen('close');
    this.closed = true;
    this.release();
    translateErrors('close', this.path, () => fs.closeSync(this.fd));
  }

  private checkOpen(operation: string): void {
    if (this.closed) throw new FileSystemError('EBADF', operation, this.path);
  }
}

/** The `FileSystem` of the real disk, through synchronous `node:fs` calls. */
export class NodeFileSystem implements FileSystem {
  /** Shared sizes of open files, keyed by `dev:ino`; an entry lives while a handle of the file is open. */
  private readonly openFiles = new Map<string, SharedFileSize>();

  open(path: string, options: OpenOptions = {}): FileHandle {
    assertValidOpenOptions(options);
    const fd = translateErrors('open', path, () => fs.openSync(path, openFlags(options), 0o644));
    let stats: fs.Stats;
    try {
      stats = fs.fstatSync(fd);
      // Opening a directory read-only succeeds on Linux; the seam opens regular files only.
      if (stats.isDirectory()) throw new FileSystemError('EISDIR', 'open', path);
    } catch (error) {
      fs.closeSync(fd);
      throw toFileSystemError(error, 'open', path);
    }
    const key = `${stats.dev}:${stats.ino}`;
    let shared = this.openFiles.get(key);
    if (shared === undefined) {
      shared = { sizeBytes: stats.size, openHandles: 0 };
      this.openFiles.set(key, shared);
    }
    // fstat is the truth at open time (O_TRUNC may just have emptied the file).
    shared.sizeBytes = stats.size;
    shared.openHandles += 1;
    const entry = shared;
    return new NodeFileHandle(path, fd, options.readOnly === true, entry, () => {
      entry.openHandles -= 1;
      if (entry.openHandles === 0) this.openFiles.delete(key);
    });
  }

  readFile(path: string): Uint8Array {
    const buffer = translateErrors('readFile', path, () => fs.readFileSync(path));
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }

  rename(sourcePath: string, targetPath: string): void {
    translateErrors('rename', `${sourcePath} -> ${targetPath}`, () => fs.renameSync(sourcePath, targetPath));
  }

  remove(path: string): void {
    translateErrors('remove', path, () => fs.unlinkSync(path));
  }

  list(directoryPath: string): readonly string[] {
    return translateErrors('list', directoryPath, () => fs.readdirSync(directoryPath).sort());
  }

  mkdirAll(directoryPath: string): void {
    translateErrors('mkdirAll', directoryPath, () => fs.mkdirSync(directoryPath, { recursive: true }));
  }

  exists(path: string): boolean {
    return fs.existsSync(path);
  }

  syncDirectory(directoryPath: string): void {
    translateErrors('syncDirectory', directoryPath, () => {
      // O_DIRECTORY makes a regular file fail with ENOTDIR, as the in-memory file system does.
      const fd = fs.openSync(directoryPath, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    });
  }

  unwrap(): FileSystem | undefined {
    return undefined;
  }
}
