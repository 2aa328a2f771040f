// Placeholder until the command is built; its owner replaces this file.
import { UsageError } from '../exit-codes.js';

/** Runs `unplug replay`. */
export async function runReplayCommand(_argv: readonly string[]): Promise<number> {
  throw new UsageError('unplug replay: not built yet');
}
