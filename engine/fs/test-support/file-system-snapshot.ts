/**
 * A plain snapshot of everything visible under a directory, for comparing two
 * file systems (or one before and after a crash) with a single `toEqual`.
 */
import type { FileSystem } from '../file-system.js';
import { joinPath } from '../file-system.js';

/** Entry path (relative to the snapshot root) to 'directory' or the file's bytes as numbers. */
export type TreeSnapshot = Readonly<Record<string, 'directory' | readonly number[]>>;

/** The deepest directory nesting a snapshot follows; deeper trees are a bug in the test. */
const SNAPSHOT_DEPTH_MAX = 32;

/** Everything visible under `root`, keyed by path relative to it. */
export function snapshotTree(fileSystem: FileSystem, root: string): TreeSnapshot {
  const snapshot: Record<string, 'directory' | readonly number[]> = {};
  const visit = (relative: string, depth: number): void => {
    if (depth > SNAPSHOT_DEPTH_MAX) throw new Error(`snapshot deeper than ${SNAPSHOT_DEPTH_MAX} levels`);
    for (const name of fileSystem.list(joinPath(root, relative))) {
      const entry = relative === '' ? name : `${relative}/${name}`;
      const entryPath = joinPath(root, entry);
      let isDirectory = true;
      try {
        fileSystem.list(entryPath);
      } catch {
        isDirectory = false;
      }
      if (isDirectory) {
        snapshot[entry] = 'directory';
        visit(entry, depth + 1);
      } else {
        snapshot[entry] = [...fileSystem.readFile(entryPath)];
      }
    }
  };
  visit('', 0);
  return snapshot;
}
