/**
 * A base for test-only file-system decorators that act at mutating operations:
 * each one first passes through `beforeOperation`, the one hook the crash and
 * fault decorators need, and handle writes and syncs go through the
 * `writeThrough` and `syncThrough` hooks. Everything else is forwarded by the
 * production `ForwardingFileSystem`.
 */
import type { FileHandle, OpenOptions, SyncKind } from '../fs/file-system.js';
import { ForwardingFileHandle, ForwardingFileSystem } from '../fs/forwarding-file-system.js';

/** Operations that change what a crash would leave on disk. */
export type MutatingOperation = 'open-create' | 'write' | 'append' | 'truncate' | 'sync' | 'syncDirectory' | 'rename' | 'remove';

/** A handle whose mutating calls pass through its owner's hooks. */
class HookedFileHandle extends ForwardingFileHandle {
  constructor(
    private readonly owner: HookedFileSystem,
    inner: FileHandle,
  ) {
    super(inner);
  }

  override write(data: Uint8Array, offsetBytes: number): void {
    this.owner.beforeOperation('write', this.inner.path);
    this.owner.writeThrough(this.inner, data, offsetBytes);
  }

  override append(data: Uint8Array): number {
    this.owner.beforeOperation('append', this.inner.path);
    return this.inner.append(data);
  }

  override truncate(sizeBytes: number): void {
    this.owner.beforeOperation('truncate', this.inner.path);
    this.inner.truncate(sizeBytes);
  }

  override sync(kind: SyncKind): void {
    this.owner.beforeOperation('sync', this.inner.path);
    this.owner.syncThrough(this.inner, kind);
  }
}

/** A forwarding file system whose mutating operations call the hooks subclasses override. */
export class HookedFileSystem extends ForwardingFileSystem {
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

  override open(path: string, options?: OpenOptions): FileHandle {
    if (options?.create === true) this.beforeOperation('open-create', path);
    return new HookedFileHandle(this, this.inner.open(path, options));
  }

  override rename(sourcePath: string, targetPath: string): void {
    this.beforeOperation('rename', targetPath);
    this.inner.rename(sourcePath, targetPath);
  }

  override remove(path: string): void {
    this.beforeOperation('remove', path);
    this.inner.remove(path);
  }

  override syncDirectory(directoryPath: string): void {
    this.beforeOperation('syncDirectory', directoryPath);
    this.inner.syncDirectory(directoryPath);
  }
}
