/**
 * Writes a crash state into a directory of any FileSystem: the in-memory one
 * for in-process recovery, the real one for a recovering child process.
 */
import { type FileSystem, joinPath } from '../../engine/fs/file-system.js';
import type { CrashState } from './crash-state.js';
import { CrashStateError } from './crash-state-error.js';

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
  for (const [path, bytes] of state.files) {
    const handle = fileSystem.open(joinPath(directory, path), { create: true, exclusive: true });
    try {
      if (bytes.byteLength > 0) handle.write(bytes, 0);
    } finally {
      handle.close();
    }
  }
}
