/**
 * The errors of a poisoned engine (PostgreSQL's data_sync_retry=off): a failed
 * WAL write or sync becomes the poison (EIO or ENOSPC, naming the operation),
 * and every later call is refused with POISONED, citing it. Anything that is
 * not a file-system failure is our own bug and is rethrown.
 */
import { FileSystemError } from '../fs/file-system.js';
import { EngineError } from '../engine-types.js';

/** The poison for a failed write or sync; rethrows anything that is not a `FileSystemError`. */
export function poisonFrom(error: unknown): EngineError {
  if (!(error instanceof FileSystemError)) throw error;
  const code = error.code === 'ENOSPC' ? 'ENOSPC' : 'EIO';
  return new EngineError(code, `WAL ${error.operation} failed: ${error.message}`, { injected: error.injected }, { cause: error });
}

/** The error for a call refused after `poison`. */
export function poisonedError(poison: EngineError): EngineError {
  return new EngineError('POISONED', `the engine stopped after a failed write or sync: ${poison.message}`, { injected: poison.details.injected }, { cause: poison });
}
