/**
 * Why a change stream cannot be served. Each code maps to one exit code of
 * `unplug engine cdc`: asking for changes the store no longer holds is a bad
 * request (2); a reader overtaken by a checkpoint, or a store that is not
 * there, is a failure of the setup (3).
 */

/** What went wrong. */
export type CdcErrorCode =
  /** `fromLsn` is older than the oldest commit the retained WAL can replay. */
  | 'FROM_LSN_NOT_RETAINED'
  /** A checkpoint recycled a segment the reader had not finished reading. */
  | 'WAL_RECYCLED'
  /** The durable log stops where a record should be: damage below the flush LSN. */
  | 'WAL_DAMAGED'
  /** The directory holds no store. */
  | 'NO_STORE';

/** A typed change-stream error with a one-line message naming the LSN or path. */
export class CdcError extends Error {
  override readonly name = 'CdcError';
  constructor(
    readonly code: CdcErrorCode,
    message: string,
  ) {
    super(message);
  }
}
