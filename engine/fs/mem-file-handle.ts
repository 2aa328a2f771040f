/**
 * An open file of the in-memory file system. Errors match what Linux returns
 * through `node:fs` for the same misuse, so the engine sees the same codes on
 * both file systems.
 */
import type { FileHandle, SyncKind, WriteSyncMode } from './file-system.js';
import { FileSystemError } from './file-system.js';
import type { MemFile } from './mem-inodes.js';
import { assertByteCount, assertReadLength } from './file-system-argument-checks.js';

/** How a `MemFileHandle` was opened. */
export interface MemHandleMode {
  readonly readOnly: boolean;
  readonly syncMode: WriteSyncMode;
  /** Writes that would grow the file past this fail with ENOSPC. */
  readonly fileSizeBytesMax: number;
}

/** A handle on a `MemFile`; it keeps the inode, so it survives renames and removes, as on Linux. */
export class MemFileHandle implements FileHandle {
  private closed = false;

  constructor(
    readonly path: string,
    private readonly file: MemFile,
    private readonly mode: MemHandleMode,
  ) {}

  write(data: Uint8Array, offsetBytes: number): void {
    assertByteCount(offsetBytes, 'write offset');
    this.checkWritable('write', 'EBADF');
    if (data.byteLength === 0) return;
    const endBytes = offsetBytes + data.byteLength;
    if (endBytes > this.mode.fileSizeBytesMax) throw new FileSystemError('ENOSPC', 'write', this.path);
    this.file.write(data, offsetBytes);
    if (this.mode.syncMode !== 'none') this.file.syncRange(offsetBytes, endBytes);
  }

  append(data: Uint8Array): number {
    this.checkWritable('append', 'EBADF');
    const offsetBytes = this.file.sizeBytes();
    this.write(data, offsetBytes);
    return offsetBytes;
  }

  read(offsetBytes: number, lengthBytes: number): Uint8Array {
    assertByteCount(offsetBytes, 'read offset');
    assertReadLength(lengthBytes);
    this.checkOpen('read');
    return this.file.read(offsetBytes, lengthBytes);
  }

  truncate(sizeBytes: number): void {
    assertByteCount(sizeBytes, 'truncate size');
    // ftruncate(2) on a descriptor not open for writing fails with EINVAL on Linux.
    this.checkWritable('truncate', 'EINVAL');
    if (sizeBytes > this.mode.fileSizeBytesMax) throw new FileSystemError('ENOSPC', 'truncate', this.path);
    this.file.truncate(sizeBytes);
  }

  sync(kind: SyncKind): void {
    this.checkOpen(kind);
    // fsync and fdatasync differ only in metadata this model does not keep (times, modes).
    this.file.syncAll();
  }

  sizeBytes(): number {
    this.checkOpen('size');
    return this.file.sizeBytes();
  }

  close(): void {
    this.checkOpen('close');
    this.closed = true;
  }

  private checkOpen(operation: string): void {
    if (this.closed) throw new FileSystemError('EBADF', operation, this.path);
  }

  private checkWritable(operation: string, code: 'EBADF' | 'EINVAL'): void {
    this.checkOpen(operation);
    if (this.mode.readOnly) throw new FileSystemError(code, operation, this.path);
  }
}
