/**
 * Scratch directories for benchmarks, removed when the benchmark process ends.
 *
 * Why not `afterAll` or a plain 'exit' listener: vitest's bench mode runs no
 * `afterAll` hooks, and it ends its worker process with SIGTERM, whose default
 * action ends a Node process without running 'exit' listeners. So this module
 * removes its directories from an 'exit' listener and, once, turns SIGTERM into
 * an ordinary exit (code 143, what a death by SIGTERM reports) so that the
 * listener runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Exit code of a process ended by SIGTERM (128 + 15). */
const SIGTERM_EXIT_CODE = 143;

const directories = new Set<string>();
let listening = false;

function removeAll(): void {
  for (const directory of directories) fs.rmSync(directory, { recursive: true, force: true });
  directories.clear();
}

/** Creates a fresh directory named `prefix` + random characters under `parentDirectory`, removed when the process exits. */
export function createBenchScratchDirectory(prefix: string, parentDirectory: string = os.tmpdir()): string {
  const directory = fs.mkdtempSync(path.join(parentDirectory, prefix));
  directories.add(directory);
  if (!listening) {
    listening = true;
    process.on('exit', removeAll);
    process.once('SIGTERM', () => process.exit(SIGTERM_EXIT_CODE));
  }
  return directory;
}
