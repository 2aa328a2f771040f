/**
 * The entry point of the reference engine's child processes: `unplug engine`
 * without the dispatcher. A campaign starts the engine hundreds of times, so
 * this entry is bundled into one file at build time
 * (`build/bundle-entry-points.mjs`): loading ~100 modules one by one cost
 * about 45 ms of each start.
 */
import { runLoadedCommand } from './main.js';

/** Runs `unplug engine` with `argv` (the engine's own flags) and returns the exit code. */
export function engineMain(argv: readonly string[]): Promise<number> {
  return runLoadedCommand('engine', async () => (await import('./commands/engine-command.js')).runEngineCommand, argv);
}
