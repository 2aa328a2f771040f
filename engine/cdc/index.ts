/** Change data capture from the reference engine's WAL. */
export { readChanges, CDC_POLL_INTERVAL_MS_DEFAULT } from './read-changes.js';
export type { ReadChangesOptions } from './read-changes.js';
export { encodeChangeLine, parseChangeLine } from './change-line.js';
export type { Change } from './change-line.js';
export { CdcError } from './cdc-error.js';
export type { CdcErrorCode } from './cdc-error.js';
export { FLUSH_LSN_SLOT_FORMAT, decodeFlushLsnSlot, encodeFlushLsnSlot, readPublishedFlushLsn } from './flush-lsn-slot.js';
