// adapter-support: what the adapters in this folder share besides the adapter
// kit (`unplug/adapter`, which speaks protocol v1 for them): reading their
// options, their rule that a failed commit ends the adapter's usefulness
// (a storage engine that failed a commit is not trusted with the next), a
// line session with a client program (sqlite3, psql), and removing the socket
// directories of adapters that were SIGKILLed.
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdapterError } from 'unplug/adapter';

/** The most stderr a line session keeps for its error messages. */
const STDERR_KEPT_CHARACTERS = 2000;

/** The value of `--name` in the adapter's arguments, `fallback` when absent; a USAGE error (a `fatal` line) when not one of `allowed`. */
export function option(name, fallback, allowed, argv = process.argv.slice(2)) {
  const index = argv.indexOf(`--${name}`);
  const value = index === -1 ? fallback : argv[index + 1];
  if (value === undefined || (allowed !== undefined && !allowed.includes(value))) {
    throw new AdapterError('USAGE', `--${name} must be one of ${allowed?.join(', ') ?? 'a value'}, got '${value}'`);
  }
  return value;
}

/** `store` with every commit after a failed one refused (POISONED), naming the failure. */
export function stopAfterFailedCommit(store) {
  let failure;
  return {
    ...store,
    async commit(tx, writes) {
      if (failure !== undefined) throw new AdapterError('POISONED', `tx ${tx} refused: an earlier commit failed (${failure})`);
      try {
        await store.commit(tx, writes);
      } catch (error) {
        failure = String(error?.message ?? error);
        throw error;
      }
    },
  };
}

/**
 * A session with a client program started with piped stdio: `query(text)`
 * writes `text` and a newline to its stdin and resolves with the next line it
 * prints, so every query must print exactly one line. When the program exits,
 * every waiting query is rejected with a CORRUPT error naming `name`, the exit
 * and the end of its stderr.
 */
export function lineSession(child, name) {
  const waiting = [];
  let partial = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-STDERR_KEPT_CHARACTERS)));
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    partial += chunk;
    let newline;
    while ((newline = partial.indexOf('\n')) !== -1) {
      const line = partial.slice(0, newline);
      partial = partial.slice(newline + 1);
      waiting.shift()?.resolve(line);
    }
  });
  child.on('exit', (code, signal) => {
    const reason = new AdapterError('CORRUPT', `${name} exited (${signal ?? code}): ${stderr.trim()}`);
    for (const waiter of waiting.splice(0)) waiter.reject(reason);
  });
  return {
    query: (text) =>
      new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.stdin.write(`${text}\n`);
      }),
  };
}

/** Removes the socket directories `<prefix><pid>-...` in the temporary directory whose adapter (pid) is gone: a SIGKILLed adapter cannot remove its own. */
export function removeDeadSocketDirectories(prefix) {
  for (const entry of readdirSync(tmpdir())) {
    if (!entry.startsWith(prefix)) continue;
    const owner = /^(\d+)-/.exec(entry.slice(prefix.length))?.[1];
    if (owner === undefined) continue;
    try {
      process.kill(Number(owner), 0);
    } catch {
      rmSync(join(tmpdir(), entry), { recursive: true, force: true });
    }
  }
}
