// Placeholder until the command is built; its owner replaces this file.
import { UsageError } from '../exit-codes.js';

/** Runs `unplug explore`. */
export async function runExploreCommand(_argv: readonly string[]): Promise<number> {
  throw new UsageError('unplug explore: not built yet');
}
