/**
 * Base classes for `FileSystem` decorators: every call forwards to the wrapped
 * file system (or handle), so a decorator overrides only what it changes, as
 * with RocksDB's `FileSystemWrapper` and `FSWritableFileWrapper`. A method
 * added to the seam later then needs one forwarding line here, not one in every
 * decorator.
 *
 * A decorator that intercepts handle calls overrides `open` and returns its own
 * `ForwardingFileHandle` subclass around the wrapped handle; one that does not
 * inherits an `open` that returns the wrapped handle itself.
 */
import type { FileHandle, FileSystem, OpenOptions, SyncKind } from './file-system.js';

/** A handle that forwards every call to the wrapped handle `inner`. */
export class ForwardingFileHandle implements FileHandle {
  constructor(protected readonly inner: FileHandle) {}

  get path(): string {
    return this.inner.path;
  }

  write(data: Uint8Array, offsetBytes: number): void {
    this.inner.write(data, offsetBytes);
  }

  append(data: Uint8Array): number {
    return this.inner.append(data);
  }

  read(offsetBytes: number, lengthBytes: number): Uint8Array {
    return this.inner.read(offsetBytes, lengthBytes);
  }

  truncate(sizeBytes: number): void {
    this.inner.truncate(sizeBytes);
  }

  sync(kind: SyncKind): void {
    this.inner.sync(kind);
  }

  sizeBytes(): number {
    return this.inner.sizeBytes();
  }

  close(): void {
    this.inner.close();
  }
}

/** A file system that forwards every call to the wrapped file system `inner`; `unwrap()` returns it. */
export class ForwardingFileSystem implements FileSystem {
  constructor(protected readonly inner: FileSystem) {}

  open(path: string, options?: OpenOptions): FileHandle {
    return this.inner.open(path, options);
  }

  readFile(path: string): Uint8Array {
    return this.inner.readFile(path);
  }

  rename(sourcePath: string, targetPath: string): void {
    this.inner.rename(sourcePath, targetPath);
  }

  remove(path: string): void {
    this.inner.remove(path);
  }

  list(directoryPath: string): readonly string[] {
    return this.inner.list(directoryPath);
  }

  mkdirAll(directoryPath: string): void {
    this.inner.mkdirAll(directoryPath);
  }

  exists(path: string): boolean {
    return this.inner.exists(path);
  }

  syncDirectory(directoryPath: string): void {
    this.inner.syncDirectory(directoryPath);
  }

  unwrap(): FileSystem {
    return this.inner;
  }
}
