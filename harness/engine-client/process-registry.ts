/**
 * Nothing outlives a run: every child process and temporary directory the
 * harness creates is registered here, and removed or killed when the run ends,
 * when it fails, and when the harness itself is interrupted (SIGINT, SIGTERM,
 * SIGHUP) or exits. Cleanup is synchronous so it also works in an `exit` handler.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What the registry needs of a child: its pid and a way to kill it. */
export interface KillableProcess {
  readonly pid?: number | undefined;
  kill(signal?: NodeJS.Signals | number): boolean;
}

const children = new Set<KillableProcess>();
const temporaryDirectories = new Set<string>();
let handlersInstalled = false;

/** Signals after which the harness cleans up and exits with 128 + the signal number. */
export const INTERRUPT_SIGNALS: readonly (readonly [NodeJS.Signals, number])[] = [
  ['SIGINT', 2],
  ['SIGTERM', 15],
  ['SIGHUP', 1],
];

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', cleanupEverything);
  for (const [signal, number] of INTERRUPT_SIGNALS) {
    process.once(signal, () => {
      cleanupEverything();
      process.exit(128 + number);
    });
  }
}

/** Registers a child so that it is SIGKILLed if the harness stops before it does. */
export function registerChild(child: KillableProcess): void {
  installHandlers();
  children.add(child);
}

/** Forgets a child that has exited. */
export function unregisterChild(child: KillableProcess): void {
  children.delete(child);
}

/** Creates a registered temporary directory (removed by `removeTemporaryDirectory` or on exit). */
export function createTemporaryDirectory(prefix: string): string {
  installHandlers();
  const directory = mkdtempSync(join(tmpdir(), `unplug-${prefix}-`));
  temporaryDirectories.add(directory);
  return directory;
}

/** Removes a registered temporary directory now. */
export function removeTemporaryDirectory(directory: string): void {
  temporaryDirectories.delete(directory);
  rmSync(directory, { recursive: true, force: true });
}

/** How many children and temporary directories are live (for leak tests). */
export function liveResourceCounts(): { readonly children: number; readonly temporaryDirectories: number } {
  return { children: children.size, temporaryDirectories: temporaryDirectories.size };
}

/** Kills every registered child and removes every registered directory. */
export function cleanupEverything(): void {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone: nothing to clean.
    }
  }
  children.clear();
  for (const directory of temporaryDirectories) rmSync(directory, { recursive: true, force: true });
  temporaryDirectories.clear();
}
