// Placeholder until the command is built; its owner replaces this file.
import { UsageError } from '../exit-codes.js';

/** Runs `unplug bench`. */
export async function runBenchCommand(_argv: readonly string[]): Promise<number> {
  throw new UsageError('unplug bench: not built yet');
}
