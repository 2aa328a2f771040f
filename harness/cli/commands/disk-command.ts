// Placeholder until the command is built; its owner replaces this file.
import { UsageError } from '../exit-codes.js';

/** Runs `unplug disk`. */
export async function runDiskCommand(_argv: readonly string[]): Promise<number> {
  throw new UsageError('unplug disk: not built yet');
}
