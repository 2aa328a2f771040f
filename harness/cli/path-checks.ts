/**
 * The checks every command makes of a path the user named (`--out`, `--dir`,
 * `disk [dir]`, `bench --dir`), before any work starts. A bad path is a
 * `UsageError` naming the flag and the value (exit 2), never a stack trace at
 * the end of an hour-long campaign. Kernel pseudo file systems (`/proc`,
 * `/sys`) are refused outright: nothing written there is a report or a disk
 * under test, and a recursive `mkdir` under `/proc` spins forever.
 */
import { accessSync, constants, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './exit-codes.js';

/** Mount points of kernel pseudo file systems that no command may read or write as a directory. */
export const REFUSED_PATH_PREFIXES = Object.freeze(['/proc', '/sys']);

/** Walk at most this many ancestors looking for one that exists (a limit on a loop over user input). */
const ANCESTORS_MAX = 4096;

/** The refused prefix `absolute` lies under, if any. */
function refusedPrefixOf(absolute: string): string | undefined {
  return REFUSED_PATH_PREFIXES.find((prefix) => absolute === prefix || absolute.startsWith(`${prefix}/`));
}

/** `stat`, or undefined when nothing is there. */
function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** True when this process may create entries in `directory`. */
function isWritableDirectory(directory: string): boolean {
  try {
    accessSync(directory, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The path as given, resolved; refuses empty values and pseudo file systems (also when reached through a symlink). */
function resolveUserPath(flag: string, value: string): string {
  if (value.trim() === '') throw new UsageError(`${flag} must be a path, got an empty string`);
  const absolute = resolve(value);
  let existing = absolute;
  for (let level = 0; level < ANCESTORS_MAX && statOrUndefined(existing) === undefined && dirname(existing) !== existing; level += 1) existing = dirname(existing);
  let real = existing;
  try {
    real = realpathSync(existing);
  } catch {
    // Unresolvable: the string checks below still apply.
  }
  const refused = refusedPrefixOf(absolute) ?? refusedPrefixOf(real);
  if (refused !== undefined) throw new UsageError(`${flag} '${value}' is under ${refused}, a kernel pseudo file system; give a directory on a real disk`);
  return absolute;
}

/**
 * Checks a directory the command will create if missing and write into
 * (`--out`): it is a directory or can be made one, and it is writable.
 * Returns the absolute path.
 */
export function checkOutputDirectory(flag: string, value: string): string {
  const absolute = resolveUserPath(flag, value);
  const stats = statOrUndefined(absolute);
  if (stats !== undefined) {
    if (!stats.isDirectory()) throw new UsageError(`${flag} '${value}' is a file, not a directory`);
    if (!isWritableDirectory(absolute)) throw new UsageError(`${flag} '${value}' is not writable`);
    return absolute;
  }
  let ancestor = dirname(absolute);
  for (let level = 0; level < ANCESTORS_MAX && statOrUndefined(ancestor) === undefined && dirname(ancestor) !== ancestor; level += 1) ancestor = dirname(ancestor);
  const ancestorStats = statOrUndefined(ancestor);
  if (ancestorStats === undefined || !ancestorStats.isDirectory()) throw new UsageError(`${flag} '${value}' cannot be created: '${ancestor}' is not a directory`);
  if (!isWritableDirectory(ancestor)) throw new UsageError(`${flag} '${value}' cannot be created: '${ancestor}' is not writable`);
  return absolute;
}

/**
 * Checks a directory that must already exist and that the command writes its
 * scratch files into (`disk [dir]`, `bench --dir`). Returns the absolute path.
 */
export function checkExistingDirectory(flag: string, value: string): string {
  const absolute = resolveUserPath(flag, value);
  const stats = statOrUndefined(absolute);
  if (stats === undefined) throw new UsageError(`${flag} '${value}' does not exist`);
  if (!stats.isDirectory()) throw new UsageError(`${flag} '${value}' is a file, not a directory`);
  if (!isWritableDirectory(absolute)) throw new UsageError(`${flag} '${value}' is not writable`);
  return absolute;
}
