/**
 * Runs one `unplug` command in a child process for the API, so a cancelled
 * run can be ended completely: the child leads its own process group (the
 * engines it starts join it) and gets its own temporary directory (TMPDIR).
 * On abort the group gets SIGTERM (the harness then kills its engines and
 * removes its directories), SIGKILL after a grace period, and the temporary
 * directory is removed whatever happened.
 *
 *   abort ──> SIGTERM -group ──(KILL_GRACE_MS)──> SIGKILL -group ──> rm TMPDIR ──> reject ABORTED
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { unplugLauncherPath } from '../engine-client/repository-root.js';
import { UnplugError } from './api-options.js';

/** How long the harness may take to clean up after SIGTERM before its group is SIGKILLed. */
export const KILL_GRACE_MS = 5_000;
/** A bound on the JSON document read back (reports with timelines can be large). */
const OUTPUT_BYTES_MAX = 256 * 1024 * 1024;
/** The prefix of each run's private temporary directory. */
export const API_TEMPORARY_PREFIX = 'unplug-api-';

/** What the child printed and how it exited. */
export interface CliChildResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `unplug <argv>` in `cwd`; rejects with UnplugError ABORTED when `signal` fires. */
export async function runCliChild(argv: readonly string[], cwd: string, signal: AbortSignal | undefined, env: Readonly<Record<string, string>> = {}): Promise<CliChildResult> {
  if (signal?.aborted === true) throw abortError(signal);
  const sandbox = mkdtempSync(join(tmpdir(), API_TEMPORARY_PREFIX));
  try {
    const child = execa(process.execPath, [unplugLauncherPath(), ...argv], {
      cwd,
      env: { ...env, TMPDIR: sandbox, NO_COLOR: '1' },
      detached: true,
      reject: false,
      stdin: 'ignore',
      maxBuffer: OUTPUT_BYTES_MAX,
      stripFinalNewline: false,
    });
    const pid = child.pid;
    let killTimer: NodeJS.Timeout | undefined;
    let aborted = false;
    const onAbort = (): void => {
      aborted = true;
      signalGroup(pid, 'SIGTERM');
      killTimer = setTimeout(() => signalGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const result = await child;
    signal?.removeEventListener('abort', onAbort);
    clearTimeout(killTimer);
    if (aborted && signal !== undefined) {
      // Anything of the group still alive (an engine the harness had no time to kill) goes now.
      signalGroup(pid, 'SIGKILL');
      throw abortError(signal);
    }
    return { exitCode: result.exitCode ?? 3, stdout: String(result.stdout), stderr: String(result.stderr) };
  } finally {
    rmSync(sandbox, { recursive: true, force: true });
  }
}

function signalGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the whole group is gone already.
  }
}

function abortError(signal: AbortSignal): UnplugError {
  return new UnplugError('ABORTED', 'the unplug run was cancelled', { cause: signal.reason });
}
