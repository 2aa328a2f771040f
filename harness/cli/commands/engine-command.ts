// Placeholder until the command is built; its owner replaces this file.
import { UsageError } from '../exit-codes.js';

/** Runs `unplug engine`. */
export async function runEngineCommand(_argv: readonly string[]): Promise<number> {
  throw new UsageError('unplug engine: not built yet');
}
