/**
 * Test-only helper: runs the compiled `unplug` command line (bin/unplug.js, which
 * loads dist/) as a child process, as users run it. `npm test` builds dist/
 * before vitest starts; run `npm run build` first when running tests alone.
 */
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The repository root (three levels above this file). */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** What a finished run printed and how it exited. */
export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/unplug.js ...args` with a timeout, never throwing on a non-zero exit. */
export async function runUnplugCli(args: readonly string[], options: { readonly environment?: NodeJS.ProcessEnv; readonly timeoutMs?: number; readonly cwd?: string } = {}): Promise<CliRun> {
  const result = await execa(process.execPath, [join(REPOSITORY_ROOT, 'bin', 'unplug.js'), ...args], {
    cwd: options.cwd ?? REPOSITORY_ROOT,
    env: options.environment ?? {},
    extendEnv: true,
    reject: false,
    timeout: options.timeoutMs ?? 60_000,
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}
