/**
 * A file system whose operations under one directory fail with EIO while a
 * switch is on: an archive destination that is down (full, unmounted, read-only)
 * for as long as a test wants, and back afterwards.
 */
import { FileSystemError } from '../fs/file-system.js';
import type { FileSystem } from '../fs/file-system.js';
import { HookedFileSystem } from './hooked-file-system.js';
import type { MutatingOperation } from './hooked-file-system.js';

/** Fails every mutating operation under `directory` while `failing` is true. */
export class ArchiveFaultFileSystem extends HookedFileSystem {
  failing = false;
  failures = 0;

  constructor(
    inner: FileSystem,
    private readonly directory: string,
  ) {
    super(inner);
  }

  override beforeOperation(operation: MutatingOperation, path: string): void {
    if (this.failing && (path === this.directory || path.startsWith(this.directory + '/'))) {
      this.failures += 1;
      throw new FileSystemError('EIO', operation, path, true);
    }
  }

  override mkdirAll(directoryPath: string): void {
    if (this.failing && (directoryPath === this.directory || directoryPath.startsWith(this.directory + '/'))) {
      this.failures += 1;
      throw new FileSystemError('EIO', 'mkdir', directoryPath, true);
    }
    super.mkdirAll(directoryPath);
  }
}
