/**
 * Base classes for test-only file-system decorators: every call forwards to the
 * wrapped file system, and a subclass overrides only what it changes. Each
 * forwarded call first passes through `beforeOperation`, the one hook the crash
 * and fault decorators need.
 */
import type { FileHandle, FileSystem, OpenOptions, SyncKind } from '../fs/file-system.js';

/** Operations that change what a crash would leave on disk. */
export type MutatingOperation = 'open-create' | 'write' | 'append' | 'truncate' | 'sync' | 'syncDirectory' | 'rename' | 'remove';

/** A handle that forwards everything to `inner`. */
export class ForwardingFileHandle implements FileHandle {
  constructor(
    protected readonly owner: ForwardingFileSystem,
    protected readonly inner: FileHandle,
  ) {}

  get path(): string {
    return this.inner.path;
  }

  write(data: Uint8Array, offsetBytes: number): void {
    this.owner.beforeOperation('write', this.inner.path);
    this.owner.writeThrough(this.inner, data, offsetBytes);
  }

  append(data: Uint8Array): number {
    this.owner.beforeOperation('append', this.inner.path);
    return this.inner.append(data);
  }

  read(offsetBytes: number, lengthBytes: number): Uint8Array {
    return this.inner.read(offsetBytes, lengthBytes);
  }

  truncate(sizeBytes: number): void {
    this.owner.beforeOperation('truncate', this.inner.path);
    this.inner.truncate(sizeBytes);
  }

  sync(kind: SyncKind): void {
    this.owner.beforeOperation('sync', this.inner.path);
    this.owner.syncThrough(this.inner, kind);
  }

  sizeBytes(): number {
    return this.inner.sizeBytes();
  }

  close(): void {
    this.inner.close();
  }
}

/** A file system that forwards everything to `inner`; subclasses override the hooks. */
export class ForwardingFileSystem implements FileSystem {
  constructor(protected readonly inner: FileSystem) {}

  /** Called before every mutating operation; may throw to fail it. */
  beforeOperation(_operation: MutatingOperation, _path: string): void {}

  /** Performs a handle write; override to tear or record it. */
  writeThrough(handle: FileHandle, data: Uint8Array, offsetBytes: number): void {
    handle.write(data, offsetBytes);
  }

  /** Performs a handle sync; override to fail it. */
  syncThrough(handle: FileHandle, kind: SyncKind): void {
    handle.sync(kind);
  }

  open(path: string, options?: OpenOptions): FileHandle {
    if (options?.create === true) this.beforeOperation('open-create', path);
    return new ForwardingFileHandle(this, this.inner.open(path, options));
  }

  readFile(path: string): Uint8Array {
    return this.inner.readFile(path);
  }

  rename(sourcePath: string, targetPath: string): void {
    this.beforeOperation('rename', targetPath);
    this.inner.rename(sourcePath, targetPath);
  }

  remove(path: string): void {
    this.beforeOperation('remove', path);
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
    this.beforeOperation('syncDirectory', directoryPath);
    this.inner.syncDirectory(directoryPath);
  }

  unwrap(): FileSystem {
    return this.inner;
  }
}
