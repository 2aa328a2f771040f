/**
 * Maps the paths a traced program uses onto paths relative to the traced root
 * (the engine's data directory), the form every trace record uses. Paths
 * outside the root map to undefined: they are neither recorded nor faulted.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The path of the root itself, in trace records (as `parentDirectory` names it). */
export const ROOT_RELATIVE_PATH = '.';

/** Resolves program paths against the traced root. */
export interface RootPath {
  /** The root-relative path ('a/b', or '.' for the root), or undefined when `programPath` is outside the root. */
  relative(programPath: unknown): string | undefined;
  /** The absolute path a program path names (relative paths resolve against the working directory). */
  absolute(programPath: unknown): string | undefined;
  /** The absolute path of a root-relative path. */
  fromRelative(relativePath: string): string;
}

/** Converts the path argument of a node:fs call (string, Buffer or file: URL) to a string. */
export function pathArgumentToString(programPath: unknown): string | undefined {
  if (typeof programPath === 'string') return programPath;
  if (programPath instanceof URL) return programPath.protocol === 'file:' ? fileURLToPath(programPath) : undefined;
  if (programPath instanceof Uint8Array) return Buffer.from(programPath).toString('utf8');
  return undefined;
}

/** A RootPath for `root`; a program may name the root through its real path or the path it was given. */
export function createRootPath(root: string): RootPath {
  const roots = [path.resolve(root)];
  try {
    const real = realpathSync(root);
    if (real !== roots[0]) roots.push(real);
  } catch {
    // The root may not exist yet (the program creates it); the given path is then the only spelling.
  }
  const absolute = (programPath: unknown): string | undefined => {
    const text = pathArgumentToString(programPath);
    return text === undefined ? undefined : path.resolve(text);
  };
  return {
    absolute,
    fromRelative: (relativePath) => path.join(roots[0] as string, relativePath),
    relative(programPath) {
      const resolved = absolute(programPath);
      if (resolved === undefined) return undefined;
      for (const candidate of roots) {
        const relative = path.relative(candidate, resolved);
        if (relative === '') return ROOT_RELATIVE_PATH;
        if (!relative.startsWith('..') && !path.isAbsolute(relative)) return relative.split(path.sep).join('/');
      }
      return undefined;
    },
  };
}
