/**
 * An engine that exited before it printed `ready` or `fatal`. On a first start
 * (an empty data directory) that is infrastructure: the harness cannot test an
 * engine that does not run (exit 3). When the engine was recovering a crash
 * state, the same death is a verdict: a crash state the fault model allows made
 * recovery fail (P4), so callers that recover crash states catch this error and
 * report it, with the exit code and what the engine said on stderr.
 */
import { InfrastructureError } from '../errors/harness-errors.js';

/** Lines of stderr kept in the excerpt. */
export const STDERR_EXCERPT_LINES = 3;
/** Characters of each excerpt line kept. */
const STDERR_EXCERPT_LINE_CHARACTERS = 160;

/**
 * The informative end of an engine's stderr: the last few lines that are not
 * stack frames, caret markers or Node's version banner, so an uncaught
 * exception shows its source line and its message rather than `at async ...`.
 */
export function stderrExcerpt(stderrTail: string): string {
  const lines = stderrTail
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('at ') && !/^\^+$/.test(line) && !/^Node\.js v\d/.test(line));
  return lines
    .slice(-STDERR_EXCERPT_LINES)
    .map((line) => (line.length <= STDERR_EXCERPT_LINE_CHARACTERS ? line : `${line.slice(0, STDERR_EXCERPT_LINE_CHARACTERS)}...`))
    .join(' | ');
}

/** How the engine ended before it was ready. */
export interface EngineExit {
  readonly exitCode: number | undefined;
  readonly signal: string | undefined;
  /** Why the process could not be started at all (`ENOENT`, `EACCES`), when it never ran. */
  readonly spawnError?: string;
}

/** The engine exited (or was killed) before it was ready; `code` is `EXITED_BEFORE_READY`. */
export class EngineExitedBeforeReadyError extends InfrastructureError {
  readonly code = 'EXITED_BEFORE_READY';
  /** How the process ended. */
  readonly exit: EngineExit;
  /** The excerpt of stderr (`stderrExcerpt`), empty when the engine printed nothing there. */
  readonly stderr: string;

  constructor(label: string, exit: EngineExit, stderr: string) {
    super(`${label} ${describeEngineExit(exit)}${exit.spawnError === undefined ? ' before it was ready' : ''}${stderr === '' ? '' : `; stderr: ${stderr}`}`);
    this.exit = exit;
    this.stderr = stderr;
  }
}

/** "exited with code 1", "was killed by SIGSEGV" or "could not be started (ENOENT)"; never "code undefined". */
export function describeEngineExit(exit: EngineExit): string {
  if (exit.signal !== undefined) return `was killed by ${exit.signal}`;
  if (exit.exitCode !== undefined) return `exited with code ${exit.exitCode}`;
  return `could not be started (${exit.spawnError ?? 'no exit code or signal was reported'})`;
}
