/**
 * Decodes the `flags` argument of node:fs open calls (a string such as 'a+' or
 * a number of O_* bits) into what the shim needs to know: does the descriptor
 * write, create, truncate or append, and is it opened O_DSYNC or O_SYNC.
 */
import { constants } from 'node:fs';
import type { WriteSyncMode } from '../../engine/fs/file-system.js';

/** What an open call asks of the kernel, as far as tracing is concerned. */
export interface OpenFlags {
  readonly writable: boolean;
  readonly create: boolean;
  readonly exclusive: boolean;
  readonly truncate: boolean;
  readonly append: boolean;
  readonly syncMode: WriteSyncMode;
}

const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND, O_SYNC, O_DSYNC } = constants;

/** The access-mode bits of open flags (O_ACCMODE on Linux). */
const ACCESS_MODE_MASK = 3;

/** node:fs string flags and their O_* bits, as in Node's own `stringToFlags`. */
const STRING_FLAGS: Readonly<Record<string, number>> = Object.freeze({
  r: O_RDONLY,
  rs: O_RDONLY | O_SYNC,
  sr: O_RDONLY | O_SYNC,
  'r+': O_RDWR,
  'rs+': O_RDWR | O_SYNC,
  'sr+': O_RDWR | O_SYNC,
  w: O_TRUNC | O_CREAT | O_WRONLY,
  wx: O_TRUNC | O_CREAT | O_WRONLY | O_EXCL,
  xw: O_TRUNC | O_CREAT | O_WRONLY | O_EXCL,
  'w+': O_TRUNC | O_CREAT | O_RDWR,
  'wx+': O_TRUNC | O_CREAT | O_RDWR | O_EXCL,
  'xw+': O_TRUNC | O_CREAT | O_RDWR | O_EXCL,
  a: O_APPEND | O_CREAT | O_WRONLY,
  ax: O_APPEND | O_CREAT | O_WRONLY | O_EXCL,
  xa: O_APPEND | O_CREAT | O_WRONLY | O_EXCL,
  as: O_APPEND | O_CREAT | O_WRONLY | O_SYNC,
  sa: O_APPEND | O_CREAT | O_WRONLY | O_SYNC,
  'a+': O_APPEND | O_CREAT | O_RDWR,
  'ax+': O_APPEND | O_CREAT | O_RDWR | O_EXCL,
  'xa+': O_APPEND | O_CREAT | O_RDWR | O_EXCL,
  'as+': O_APPEND | O_CREAT | O_RDWR | O_SYNC,
  'sa+': O_APPEND | O_CREAT | O_RDWR | O_SYNC,
});

/**
 * Decodes open flags; `undefined` and `null` mean 'r', as in node:fs. Returns
 * undefined for a flag string node:fs would reject, so the original call
 * reports the error in its own words.
 */
export function decodeOpenFlags(flags: unknown, defaultFlags = 'r'): OpenFlags | undefined {
  const bits = typeof flags === 'number' ? flags : STRING_FLAGS[String(flags ?? defaultFlags)];
  if (bits === undefined) return undefined;
  const accessMode = bits & ACCESS_MODE_MASK;
  // O_SYNC includes the O_DSYNC bit on Linux, so test the wider one first.
  const syncMode: WriteSyncMode = (bits & O_SYNC) === O_SYNC ? 'sync' : (bits & O_DSYNC) === O_DSYNC ? 'dsync' : 'none';
  return {
    writable: accessMode === O_WRONLY || accessMode === O_RDWR,
    create: (bits & O_CREAT) !== 0,
    exclusive: (bits & O_EXCL) !== 0,
    truncate: (bits & O_TRUNC) !== 0,
    append: (bits & O_APPEND) !== 0,
    syncMode,
  };
}
