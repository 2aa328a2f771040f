/**
 * Libraries the dynamic linker loads before libc into this process: the ones
 * named in `LD_PRELOAD` and in `/etc/ld.so.preload`. A preloaded library that
 * defines fsync or fdatasync intercepts every sync the process makes; that is
 * how libeatmydata turns them into no-ops.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readDefinedDynamicFunctions } from './elf-dynamic-symbols.js';

/** The system-wide preload list. */
export const SYSTEM_PRELOAD_PATH = '/etc/ld.so.preload';

/** Functions whose interposition can make a sync a no-op. */
export const SYNC_FUNCTIONS = Object.freeze(['fsync', 'fdatasync', 'sync_file_range', 'syncfs', 'sync', 'msync']);

/** Directories searched for a preload entry given without a slash (as ld.so does, simplified). */
const LIBRARY_DIRECTORIES = Object.freeze(['/lib', '/usr/lib', '/lib64', '/usr/lib64', '/usr/local/lib', '/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu']);

/** One preloaded library and what it interposes. */
export interface PreloadedLibrary {
  /** Where it was named. */
  readonly source: 'LD_PRELOAD' | 'ld.so.preload';
  /** As named there. */
  readonly name: string;
  /** The file found for it, or undefined when none was found. */
  readonly resolvedPath: string | undefined;
  /** The sync functions it defines; undefined when the file could not be read as ELF. */
  readonly interposedSyncFunctions: readonly string[] | undefined;
}

/** Splits a preload list: ld.so accepts spaces and colons as separators. */
export function splitPreloadList(value: string): readonly string[] {
  return value.split(/[\s:]+/).filter((entry) => entry.length > 0);
}

/** Finds the file of a preload entry. */
function resolveLibrary(name: string): string | undefined {
  if (name.includes('/')) return fs.existsSync(name) ? name : undefined;
  const environmentDirectories = splitPreloadList(process.env['LD_LIBRARY_PATH'] ?? '');
  for (const directory of [...environmentDirectories, ...LIBRARY_DIRECTORIES]) {
    const candidate = path.join(directory, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Describes one preload entry. */
export function inspectPreloadedLibrary(source: PreloadedLibrary['source'], name: string): PreloadedLibrary {
  const resolvedPath = resolveLibrary(name);
  const defined = resolvedPath === undefined ? undefined : readDefinedDynamicFunctions(resolvedPath);
  const interposedSyncFunctions = defined === undefined ? undefined : SYNC_FUNCTIONS.filter((name) => defined.has(name));
  return { source, name, resolvedPath, interposedSyncFunctions };
}

/** Every library preloaded into this process (the environment's `LD_PRELOAD` and the system list). */
export function preloadedLibraries(environment: NodeJS.ProcessEnv = process.env): readonly PreloadedLibrary[] {
  const libraries = splitPreloadList(environment['LD_PRELOAD'] ?? '').map((name) => inspectPreloadedLibrary('LD_PRELOAD', name));
  let systemList = '';
  try {
    systemList = fs.readFileSync(SYSTEM_PRELOAD_PATH, 'utf8');
  } catch {
    // Most systems have no system-wide preload list.
  }
  const systemEntries = splitPreloadList(systemList.replace(/#.*$/gm, ''));
  return [...libraries, ...systemEntries.map((name) => inspectPreloadedLibrary('ld.so.preload', name))];
}
