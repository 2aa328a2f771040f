/**
 * An engine command string as a shell would read its simple form: leading
 * `NAME=VALUE` words set the engine's environment, the rest is the program and
 * its arguments (`--engine "STORE_CACHE=off node store.mjs"`). Quotes group
 * whole words (`'NAME=two words'`); nothing else of a shell (expansion, pipes) is
 * interpreted.
 *
 * Engine children inherit unplug's environment with one exception,
 * NODE_EXTRA_CA_CERTS: Node 20 reads and parses that certificate bundle at
 * every start, before the program runs (about 60 ms on a 2-core machine, more
 * than the rest of a small store's start), and a store under test rarely speaks
 * TLS. An engine that needs it names it in its command:
 * `--engine "NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt node store.mjs"`.
 */

/** Variables unplug removes from an engine child's environment unless its command sets them. */
export const ENGINE_ENVIRONMENT_DROPPED: readonly string[] = Object.freeze(['NODE_EXTRA_CA_CERTS']);

/** The most leading assignments read from one command (a limit on input, not a practical bound). */
export const MAX_ENGINE_ASSIGNMENTS = 256;

/** An environment variable name as POSIX shells accept it before a command. */
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

/** An engine command split into its environment assignments and its words. */
export interface EngineCommandWords {
  /** Leading `NAME=VALUE` words, in order (a later one wins). */
  readonly assignments: Readonly<Record<string, string>>;
  /** The program and its arguments. */
  readonly words: readonly string[];
}

/** Splits a command string on whitespace, honouring single and double quotes. */
export function splitCommand(command: string): string[] {
  const parts: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const match of command.matchAll(pattern)) parts.push(match[1] ?? match[2] ?? match[3] ?? '');
  return parts;
}

/** Splits `command` into its leading `NAME=VALUE` assignments and the program with its arguments. */
export function parseEngineCommand(command: string): EngineCommandWords {
  const parts = splitCommand(command);
  const assignments: Record<string, string> = {};
  let index = 0;
  for (; index < parts.length && index < MAX_ENGINE_ASSIGNMENTS; index += 1) {
    const match = ASSIGNMENT.exec(parts[index] ?? '');
    if (match === null) break;
    assignments[match[1] as string] = match[2] as string;
  }
  return { assignments, words: parts.slice(index) };
}

/** The environment changes of an engine child: the dropped variables removed, then the command's own assignments. */
export function engineEnvironment(assignments: Readonly<Record<string, string>>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const name of ENGINE_ENVIRONMENT_DROPPED) env[name] = undefined;
  return Object.assign(env, assignments);
}
