/**
 * The typed error of the crash-state builder: an operating condition (a trace
 * that does not make sense, a replay mask that does not fit, a limit reached),
 * not a bug in the builder, which uses `assert` instead.
 */

/** What went wrong while building or materialising a crash state. */
export type CrashStateErrorCode =
  /** A record names a file id that no create or open introduced. */
  | 'UNKNOWN_FILE_ID'
  /** A record names a path that the base image and the trace so far do not hold. */
  | 'UNKNOWN_PATH'
  /** The trace does something the builder does not model (e.g. renaming a directory). */
  | 'UNSUPPORTED_OPERATION'
  /** A persistence mask does not fit the model or the unsynced work at the boundary. */
  | 'MASK_MISMATCH'
  /** A persistence mask's string form does not parse. */
  | 'MASK_SYNTAX'
  /** A requested operation boundary lies beyond the end of the trace. */
  | 'BOUNDARY_OUT_OF_RANGE'
  /** A crash state was to be materialised into a directory that is not empty. */
  | 'DIRECTORY_NOT_EMPTY'
  /** A size or count limit of the builder was exceeded. */
  | 'LIMIT_EXCEEDED';

/** A crash state could not be built or materialised. */
export class CrashStateError extends Error {
  override readonly name = 'CrashStateError';
  constructor(
    readonly code: CrashStateErrorCode,
    /** The message without the code. */
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}
