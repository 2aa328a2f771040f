// Placeholder until the command is built; its owner replaces this file.
import { UsageError } from '../exit-codes.js';

/** Runs `unplug crash`. */
export async function runCrashCommand(_argv: readonly string[]): Promise<number> {
  throw new UsageError('unplug crash: not built yet');
}
