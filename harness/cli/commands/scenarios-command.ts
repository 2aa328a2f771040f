// Placeholder until the command is built; its owner replaces this file.
import { UsageError } from '../exit-codes.js';

/** Runs `unplug scenarios`. */
export async function runScenariosCommand(_argv: readonly string[]): Promise<number> {
  throw new UsageError('unplug scenarios: not built yet');
}
