/**
 * Writes a crash state into a directory of any FileSystem: the in-memory one
 * for in-process recovery, the real one for a recovering child process.
 * A state the builder made is written page by page: the file is sized first
 * and only the pages holding data are written, so a 16 MiB preallocated
 * segment with one page of commits costs one page (a sparse file on disk).
 */
import { type FileSystem, joinPath } from '../../engine/fs/file-system.js';
import type { CrashState } from './crash-state.js';
import { CrashStateError } from './crash-state-error.js';
import { PAGE_SIZE_BYTES } from './paged-bytes.js';

/**
 * Creates `directory` (when missing) and writes the state's directories and
 * files into it. The directory must be empty: leftovers would not be part of the
 * state. Nothing is synced: the recovering engine reads what is written here.
 */
export function materialiseCrashState(state: CrashState, fileSystem: FileSystem, directory: string): void {
  fileSystem.mkdirAll(directory);
  const leftovers = fileSystem.list(directory);
  if (leftovers.length > 0) {
    throw new CrashStateError('DIRECTORY_NOT_EMPTY', `cannot materialise a crash state into ${directory}: it holds ${leftovers.slice(0, 3).join(', ')}${leftovers.length > 3 ? ', ...' : ''}`);
  }
  for (const subdirectory of state.directories) fileSystem.mkdirAll(joinPath(directory, subdirectory));
  for (const path of state.files.keys()) {
    const handle = fileSystem.open(joinPath(directory, path), { create: true, exclusive: true });
    try {
      const paged = state.pagedFiles?.get(path);
      if (paged === undefined) {
        const bytes = state.files.get(path) as Uint8Array;
        if (bytes.byteLength > 0) handle.write(bytes, 0);
        continue;
      }
      if (paged.sizeBytes > 0) handle.truncate(paged.sizeBytes);
      paged.pages.forEach((page, index) => {
        const startBytes = index * PAGE_SIZE_BYTES;
        if (page !== undefined) handle.write(page.subarray(0, Math.min(page.byteLength, paged.sizeBytes - startBytes)), startBytes);
      });
    } finally {
      handle.close();
    }
  }
}
