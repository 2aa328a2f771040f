/**
 * What a long command does when it is stopped (Ctrl-C, SIGTERM, SIGHUP): put
 * the terminal back (cursor shown, line wrap on: a progress bar turns both
 * off), say what was interrupted and how far it got, kill every engine and
 * remove every temporary directory, and exit with 128 + the signal number
 * (130 for Ctrl-C), the shell convention, so a wrapper can tell an interrupted
 * run from a verdict (0, 1), bad usage (2) or an infrastructure failure (3).
 */
import { writeSync } from 'node:fs';
import { INTERRUPT_SIGNALS, cleanupEverything } from '../engine-client/process-registry.js';

/** Shows the cursor (DECTCEM) and turns automatic line wrap back on (DECAWM). */
export const TERMINAL_RESTORE_SEQUENCE = '\u001b[?25h\u001b[?7h';

/** Writes the restore sequence to every standard stream that is a terminal, synchronously (the process is about to exit). */
export function restoreTerminal(): void {
  for (const [stream, fd] of [[process.stdout, 1], [process.stderr, 2]] as const) {
    if (stream.isTTY !== true) continue;
    try {
      writeSync(fd, TERMINAL_RESTORE_SEQUENCE);
    } catch {
      // The terminal went away (SIGHUP): nothing left to restore.
    }
  }
}

/** Undoes `handleInterruption`. */
export type InterruptionHandle = { readonly dispose: () => void };

/**
 * Until disposed, an interrupt stops the display (`stopDisplay`), restores the
 * terminal, prints `unplug <command>: interrupted by SIGINT <progress()>` on
 * stderr, cleans up and exits 128 + signal. Also restores the terminal on
 * every other exit (an uncaught error included).
 */
export function handleInterruption(command: string, progress: () => string, stopDisplay: () => void): InterruptionHandle {
  const handlers = INTERRUPT_SIGNALS.map(([signal, number]) => {
    const handler = (): void => {
      try {
        stopDisplay();
      } finally {
        restoreTerminal();
        writeSync(2, `unplug ${command}: interrupted by ${signal} ${progress()}\n`);
        cleanupEverything();
        process.exit(128 + number);
      }
    };
    // First in line: the process registry's own handler exits without a word.
    process.prependListener(signal, handler);
    return [signal, handler] as const;
  });
  const onExit = (): void => {
    stopDisplay();
    restoreTerminal();
  };
  process.on('exit', onExit);
  return {
    dispose: () => {
      for (const [signal, handler] of handlers) process.removeListener(signal, handler);
      process.removeListener('exit', onExit);
    },
  };
}
