/**
 * Errors for faults the shim injects, shaped like node:fs errors (`code`,
 * `errno`, `syscall`) so an unmodified program handles them as it would a real
 * failure, and labelled as injected in the message and an `injected` field.
 */
import { constants } from 'node:os';

/** The error codes the shim injects. */
export type InjectedErrorCode = 'EIO' | 'ENOSPC';

const DESCRIPTIONS: Readonly<Record<InjectedErrorCode, string>> = Object.freeze({
  EIO: 'i/o error',
  ENOSPC: 'no space left on device',
});

/** A node:fs-style error for an injected fault. */
export interface InjectedError extends NodeJS.ErrnoException {
  readonly injected: true;
}

/** Makes the error a failed `syscall` on `path` reports when the shim injects `code`. */
export function createInjectedError(code: InjectedErrorCode, syscall: string, path: string): InjectedError {
  const error = new Error(`${code}: ${DESCRIPTIONS[code]}, ${syscall} '${path}' (injected by the unplug shim)`) as NodeJS.ErrnoException & {
    injected?: true;
  };
  error.code = code;
  error.errno = -constants.errno[code];
  error.syscall = syscall;
  error.path = path;
  error.injected = true;
  return error as InjectedError;
}
