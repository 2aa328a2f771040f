/**
 * Argument checks shared by the file-system implementations. A bad offset or a
 * contradictory open mode is a bug in the caller, so these are assertions, and
 * every implementation rejects the same calls the same way.
 */
import { assert } from '../invariants.js';
import type { OpenOptions } from './file-system.js';

/** Checks that an offset, length or size is a non-negative safe integer. */
export function assertByteCount(value: number, what: string): void {
  // Tested before the message is built: this runs on every write of the commit path.
  if (!Number.isSafeInteger(value) || value < 0) assert(false, `${what} must be a non-negative integer, got ${value}`);
}

/** The longest single read: a read allocates its buffer up front, so a wild length is refused. */
export const READ_LENGTH_BYTES_MAX = 1024 * 1024 * 1024;

/** Checks that a read length is a non-negative integer no larger than `READ_LENGTH_BYTES_MAX`. */
export function assertReadLength(lengthBytes: number): void {
  assertByteCount(lengthBytes, 'read length');
  assert(lengthBytes <= READ_LENGTH_BYTES_MAX, `read length ${lengthBytes} exceeds ${READ_LENGTH_BYTES_MAX} bytes`);
}

/** Checks that the open options do not contradict each other. */
export function assertValidOpenOptions(options: OpenOptions): void {
  // O_TRUNC with O_RDONLY is unspecified by POSIX (Linux truncates): never meant.
  assert(!(options.readOnly === true && options.truncate === true), 'open: readOnly with truncate');
}
