/**
 * The `unplug` command line: dispatches to one module per command, loaded
 * lazily so that `unplug engine` (started thousands of times per campaign)
 * loads only the engine.
 */
import { EXIT_CODES, InfrastructureError, UsageError } from './exit-codes.js';

/** A command's entry point: parses its own arguments, returns the exit code. */
type CommandRunner = (argv: readonly string[]) => Promise<number>;

const COMMANDS: Readonly<Record<string, { readonly summary: string; readonly load: () => Promise<CommandRunner> }>> = {
  crash: { summary: 'run a SIGKILL crash campaign against an engine', load: async () => (await import('./commands/crash-command.js')).runCrashCommand },
  explore: { summary: 'check the crash state at every operation boundary of one traced run', load: async () => (await import('./commands/explore-command.js')).runExploreCommand },
  replay: { summary: 'reproduce a reported violation exactly', load: async () => (await import('./commands/replay-command.js')).runReplayCommand },
  scenarios: { summary: 'list the named scenarios and their expected verdicts', load: async () => (await import('./commands/scenarios-command.js')).runScenariosCommand },
  bench: { summary: 'measure fsync-gated commit throughput against the raw disk', load: async () => (await import('./commands/bench-command.js')).runBenchCommand },
  disk: { summary: "measure a directory's sync latency and check that fsync is honoured", load: async () => (await import('./commands/disk-command.js')).runDiskCommand },
  engine: { summary: "run the reference engine's protocol-v1 host", load: async () => (await import('./commands/engine-command.js')).runEngineCommand },
  'merge-reports': { summary: "join the shards' report.json files into one campaign report", load: async () => (await import('./commands/merge-reports-command.js')).runMergeReportsCommand },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`);
  return ['usage: unplug <command> [options]', '', 'commands:', ...lines, '', "Run 'unplug <command> --help' for a command's options."].join('\n');
}

/** Runs `unplug` with the given arguments (without node and the script) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? EXIT_CODES.usage : EXIT_CODES.ok;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`unplug: unknown command '${name}'\n\n${usage()}\n`);
    return EXIT_CODES.usage;
  }
  return runLoadedCommand(name, command.load, rest);
}

/** Loads and runs one command, turning its usage and infrastructure errors into a line and an exit code. */
export async function runLoadedCommand(name: string, load: () => Promise<CommandRunner>, argv: readonly string[]): Promise<number> {
  try {
    const run = await load();
    return await run(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${commandLine(name, error.message)}\n`);
      return EXIT_CODES.usage;
    }
    if (error instanceof InfrastructureError) {
      process.stderr.write(`${commandLine(name, error.message)}\n`);
      return EXIT_CODES.infrastructure;
    }
    // A system call the harness made on the user's behalf failed (a disk filled up, a
    // permission changed mid-run): one line naming it, not a stack trace.
    if (isSystemError(error)) {
      process.stderr.write(`${commandLine(name, error.message)}\n`);
      return EXIT_CODES.infrastructure;
    }
    throw error;
  }
}

/** Every error line starts the same way: `unplug <command>: ...`. */
export function commandLine(command: string, message: string): string {
  const prefix = `unplug ${command}: `;
  // A subcommand's message already names it (`unplug engine cdc: ...`): no second prefix.
  return message.startsWith(prefix) || message.startsWith(`unplug ${command} `) ? message : `${prefix}${message}`;
}

/** True for Node's errors from a failed system call (they carry `code` and `syscall`). */
function isSystemError(error: unknown): error is Error & { readonly code: string; readonly syscall: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && typeof (error as { syscall?: unknown }).syscall === 'string';
}
