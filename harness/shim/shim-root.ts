/**
 * Which paths the shim traces and faults: those under the root directory. Paths
 * in trace records are relative to the root ('.' is the root itself), so a
 * trace does not depend on where the data directory happened to be.
 */
import * as nodePath from 'node:path';

/** Maps a path as the traced program named it to a root-relative path, or undefined outside the root. */
export type RootRelativePath = (path: string) => string | undefined;

/** Creates the mapping for `root` (absolute, or relative to the current directory). */
export function createRootRelativePath(root: string): RootRelativePath {
  const absoluteRoot = nodePath.resolve(root);
  const prefix = absoluteRoot === '/' ? '/' : `${absoluteRoot}/`;
  return (path) => {
    // Fast path: an already-normal absolute path under the root (the common case) needs no resolve().
    const isPlain = path.startsWith(prefix) && !path.includes('//') && !path.includes('/./') && !path.includes('/../') && !path.endsWith('/') && !path.endsWith('/.') && !path.endsWith('/..');
    const absolutePath = isPlain ? path : nodePath.resolve(path);
    if (absolutePath === absoluteRoot) return '.';
    if (!absolutePath.startsWith(prefix)) return undefined;
    return absolutePath.slice(prefix.length);
  };
}
