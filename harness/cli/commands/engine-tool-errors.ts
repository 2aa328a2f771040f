/**
 * How the offline engine tools (backup, restore, waldump) report failures: an
 * engine error about the request (INVALID_ARGUMENT) is bad usage, exit 2; a
 * damaged store or a failing disk is an infrastructure failure, exit 3. Either
 * way the message is one line naming the bad value or place.
 */
import { EngineError } from '../../../engine/engine-types.js';
import { FileSystemError } from '../../../engine/fs/file-system.js';
import { InfrastructureError, UsageError } from '../exit-codes.js';

/** Runs a tool step, turning engine and file-system errors into the CLI's typed errors. */
export function runTool<T>(tool: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (error instanceof EngineError) {
      if (error.code === 'INVALID_ARGUMENT') throw new UsageError(`unplug engine ${tool}: ${error.message}`);
      throw new InfrastructureError(`unplug engine ${tool}: ${error.code}: ${error.message}`, { cause: error });
    }
    if (error instanceof FileSystemError) throw new InfrastructureError(`unplug engine ${tool}: ${error.message}`, { cause: error });
    throw error;
  }
}
