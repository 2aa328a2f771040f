/**
 * A power cut in the middle of a write: the N-th write to a matching file
 * (counting from 0) only gets its first `keepBytes` bytes to the file, then the
 * decorator takes a process-crash clone of the wrapped MemFileSystem (the torn
 * bytes stay, as on a disk that wrote some sectors) and fails every later
 * mutating operation, as a dead machine would.
 */
import type { FileHandle } from '../fs/file-system.js';
import { FileSystemError } from '../fs/file-system.js';
import type { MemFileSystem } from '../fs/mem-file-system.js';
import type { MutatingOperation } from './hooked-file-system.js';
import { HookedFileSystem } from './hooked-file-system.js';

/** Tears one write and snapshots the disk right after it. */
export class TornWriteFileSystem extends HookedFileSystem {
  private writesSeen = 0;
  private snapshot: MemFileSystem | undefined;

  constructor(
    private readonly memory: MemFileSystem,
    private readonly tearAtWrite: number,
    private readonly keepBytes: number,
    private readonly pathPattern: RegExp = /\/[0-9A-F]{24}$/,
  ) {
    super(memory);
  }

  override beforeOperation(operation: MutatingOperation, path: string): void {
    if (this.snapshot !== undefined) throw new FileSystemError('EIO', operation, path, true);
  }

  override writeThrough(handle: FileHandle, data: Uint8Array, offsetBytes: number): void {
    if (!this.pathPattern.test(handle.path) || this.writesSeen++ !== this.tearAtWrite) {
      handle.write(data, offsetBytes);
      return;
    }
    handle.write(data.subarray(0, Math.min(this.keepBytes, data.length)), offsetBytes);
    this.snapshot = this.memory.crashClone({ unsynced: 'keep' });
    throw new FileSystemError('EIO', 'write', handle.path, true);
  }

  /** The disk as the torn write left it, or undefined when the write was never reached. */
  crashState(): MemFileSystem | undefined {
    return this.snapshot;
  }
}
