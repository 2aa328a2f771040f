/**
 * Checks an `--engine` command line before any work starts: its program must
 * exist and be executable (a bare name is looked up on PATH the way a shell
 * would), and a Node program's script must exist. Without this, a typo was
 * found only when the first engine failed to spawn, as "exited with code
 * undefined". Relative paths are checked where the engine will run: the
 * launch's working directory (`resolveEngineCommandLine`).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { findExecutable } from '../native/choose-shim.js';
import { isNodeProgram } from './engine-launch.js';
import { parseEngineCommand } from './engine-command-words.js';

/** Node options that take the next word as their value, so it is not the script. */
const NODE_OPTIONS_WITH_VALUE = Object.freeze(new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--env-file', '--input-type']));
/** Node options after which there is no script (the program is inline or read from stdin). */
const NODE_OPTIONS_WITHOUT_SCRIPT = Object.freeze(new Set(['-e', '--eval', '-p', '--print', '-']));

/** What is wrong with a file that should be a program or a script, or undefined when nothing is. */
function fileProblem(path: string, executable: boolean): string | undefined {
  try {
    if (!statSync(path).isFile()) return 'is not a file';
  } catch {
    return 'does not exist';
  }
  if (!executable) return undefined;
  try {
    accessSync(path, constants.X_OK);
    return undefined;
  } catch {
    return 'is not executable';
  }
}

/** The script a `node ...` command line runs, if it names one. */
function nodeScriptOf(args: readonly string[]): string | undefined {
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    if (NODE_OPTIONS_WITHOUT_SCRIPT.has(arg)) return undefined;
    if (NODE_OPTIONS_WITH_VALUE.has(arg)) {
      index += 1;
      continue;
    }
    if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/**
 * What is wrong with `command` as an engine, in one phrase naming the bad part,
 * or undefined when it can be started. `cwd` is where the engine will run.
 */
export function engineCommandProblem(command: string, cwd: string): string | undefined {
  const parts = parseEngineCommand(command).words;
  const [program, ...args] = parts;
  if (program === undefined || program === '') return 'is empty';
  const resolveHere = (path: string): string => (isAbsolute(path) ? path : join(cwd, path));
  // A bare script (`store.mjs`) and `node ...` run with this Node; only their script must exist.
  const startsWithScript = /\.(m|c)?js$/.test(program);
  if (startsWithScript || program === 'node') {
    const script = startsWithScript ? program : nodeScriptOf(args);
    if (script === undefined) return undefined;
    const problem = fileProblem(resolveHere(script), false);
    return problem === undefined ? undefined : `script '${script}' ${problem} (relative paths are taken from ${cwd})`;
  }
  if (program.includes('/')) {
    const problem = fileProblem(resolveHere(program), true);
    if (problem !== undefined) return `program '${program}' ${problem}`;
  } else if (findExecutable(program, cwd) === undefined) {
    return `program '${program}' was not found on PATH`;
  }
  if (isNodeProgram(parts)) {
    const script = nodeScriptOf(args);
    const problem = script === undefined ? undefined : fileProblem(resolveHere(script), false);
    if (script !== undefined && problem !== undefined) return `script '${script}' ${problem} (relative paths are taken from ${cwd})`;
  }
  return undefined;
}
