/**
 * Fails one file sync with an injected EIO, with Linux semantics (the
 * "fsyncgate" behaviour): the kernel drops the dirty data it could not write and
 * marks the pages clean, so the failed data never reaches the disk and the NEXT
 * sync of the file reports success. Modelled over any file system by undoing,
 * at the failed sync, every write made to that file since its last good sync.
 */
import type { FileHandle, SyncKind } from '../fs/file-system.js';
import { FileSystemError } from '../fs/file-system.js';
import { HookedFileSystem } from './hooked-file-system.js';

/** Bytes a write replaced, so a failed sync can put them back. */
interface UndoEntry {
  readonly offsetBytes: number;
  readonly previous: Uint8Array;
}

/** Fails the sync number `failAtSync` (counting from 0) of files whose path matches `pathPattern`. */
export class SyncFailureFileSystem extends HookedFileSystem {
  private syncsSeen = 0;
  private readonly undo = new Map<string, UndoEntry[]>();
  private failed = false;

  constructor(
    inner: ConstructorParameters<typeof HookedFileSystem>[0],
    private readonly failAtSync: number,
    private readonly pathPattern: RegExp = /\/[0-9A-F]{24}$/,
  ) {
    super(inner);
  }

  /** True once the injected failure happened. */
  hasFailed(): boolean {
    return this.failed;
  }

  override writeThrough(handle: FileHandle, data: Uint8Array, offsetBytes: number): void {
    if (this.pathPattern.test(handle.path)) {
      const previous = handle.read(offsetBytes, data.length).slice();
      const entries = this.undo.get(handle.path) ?? [];
      entries.push({ offsetBytes, previous });
      this.undo.set(handle.path, entries);
    }
    handle.write(data, offsetBytes);
  }

  override syncThrough(handle: FileHandle, kind: SyncKind): void {
    if (!this.pathPattern.test(handle.path)) {
      handle.sync(kind);
      return;
    }
    const entries = this.undo.get(handle.path) ?? [];
    this.undo.delete(handle.path);
    if (this.syncsSeen++ === this.failAtSync) {
      this.failed = true;
      // The lost writes: restore what the disk still holds, in reverse order.
      for (const entry of [...entries].reverse()) {
        const current = handle.read(entry.offsetBytes, entry.previous.length);
        handle.write(entry.previous.subarray(0, current.length), entry.offsetBytes);
      }
      handle.sync(kind);
      throw new FileSystemError('EIO', 'sync', handle.path, true);
    }
    handle.sync(kind);
  }
}
