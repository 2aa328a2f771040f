/**
 * The tools under `unplug engine`: `backup`, `restore`, `waldump` and `cdc`.
 * `engine-command.ts` hands them argv when its first word names one; each
 * tool's module is loaded only then, so the protocol host starts without them.
 */
import { assertNever } from '../../../engine/invariants.js';

/** The subcommand names, in the order `unplug engine --help` lists them. */
export const ENGINE_SUBCOMMANDS = Object.freeze(['backup', 'restore', 'waldump', 'cdc'] as const);

/** One of ENGINE_SUBCOMMANDS. */
export type EngineSubcommand = (typeof ENGINE_SUBCOMMANDS)[number];

/** True when `word` names an engine subcommand. */
export function isEngineSubcommand(word: string | undefined): word is EngineSubcommand {
  return (ENGINE_SUBCOMMANDS as readonly (string | undefined)[]).includes(word);
}

/** Runs `unplug engine <subcommand> ...`. */
export async function runEngineSubcommand(name: EngineSubcommand, rest: readonly string[]): Promise<number> {
  switch (name) {
    case 'backup':
      return (await import('./engine-backup-command.js')).runEngineBackupCommand(rest);
    case 'restore':
      return (await import('./engine-restore-command.js')).runEngineRestoreCommand(rest);
    case 'waldump':
      return (await import('./engine-waldump-command.js')).runEngineWaldumpCommand(rest);
    case 'cdc':
      return (await import('./engine-cdc-command.js')).runEngineCdcCommand(rest);
    default:
      return assertNever(name, 'engine subcommand');
  }
}
