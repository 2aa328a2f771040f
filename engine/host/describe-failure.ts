/**
 * Turns whatever an engine call failed with into the code and message of an
 * `error` response. Engine errors keep their code; a file-system error that
 * escaped the engine keeps EIO or ENOSPC (what a client must know about);
 * anything else is INTERNAL, a bug whose effect on the request is unknown.
 */
import { EngineError } from '../engine-types.js';
import { FileSystemError } from '../fs/file-system.js';
import type { ErrorResponse, ResponseErrorCode } from './protocol.js';

/** The response-level description of a failure. */
export interface FailureDescription {
  readonly code: ResponseErrorCode;
  readonly message: string;
  /** True when a test harness injected the fault (the message says so too). */
  readonly injected: boolean;
}

/** Describes a thrown or rejected value for an `error` response. */
export function describeFailure(error: unknown): FailureDescription {
  if (error instanceof EngineError) {
    return { code: error.code, message: error.message, injected: error.details.injected === true };
  }
  if (error instanceof FileSystemError) {
    const code = error.code === 'EIO' || error.code === 'ENOSPC' ? error.code : 'INTERNAL';
    return { code, message: error.message, injected: error.injected };
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return { code: 'INTERNAL', message, injected: false };
}

/** The `error` response to request `id` (and commit `tx`) that failed with `error`. */
export function errorResponse(id: number, tx: { readonly tx?: number }, error: unknown): ErrorResponse {
  const failure = describeFailure(error);
  return { type: 'error', id, ...tx, code: failure.code, message: failure.message, ...(failure.injected ? { injected: true } : {}) };
}
