/**
 * Helpers of the command-line tests that run `unplug` to completion: the
 * compiled launcher run synchronously, and scratch directories removed after
 * each test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from './ensure-fresh-build.js';

/** What a finished `unplug` run printed, and its exit status. */
export interface UnplugRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `unplug <argv>` (the compiled launcher) to completion, at most 60 s. */
export function runUnplugSync(...argv: string[]): UnplugRun {
  const result = spawnSync(process.execPath, [join(REPOSITORY_ROOT, 'bin/unplug.js'), ...argv], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Scratch directories named `unplug-<prefix>-*`: `create` makes one, `removeAll` (for afterEach) removes every one made. */
export function scratchDirectories(prefix: string): { readonly create: () => string; readonly removeAll: () => void } {
  const directories: string[] = [];
  return {
    create: () => {
      const directory = mkdtempSync(join(tmpdir(), `unplug-${prefix}-`));
      directories.push(directory);
      return directory;
    },
    removeAll: () => {
      for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
    },
  };
}
