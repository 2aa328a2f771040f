/**
 * `--engine` paths are the user's: a command is run in the directory unplug
 * was started from, so `node my-store.mjs` names the user's own file, not one
 * under unplug's package root (which is where `npx unplug` is installed).
 * Runs the compiled launcher (`npm test` builds first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runUnplugCli } from '../../disk/test-support/run-unplug-cli.js';

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'unplug-engine-cwd-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('--engine runs where the user stands', () => {
  it('finds and runs a script named relative to the working directory, and its replay line works from there', async () => {
    const args = ['crash', '--scenario', 'baseline-process-crash', '--engine', 'node forgetful-store.mjs --fsync', '--runs', '1', '--seed', '2', '--time', '20s', '--json'];
    const result = await runUnplugCli(args, { cwd: examples, environment: { TMPDIR: scratch }, timeoutMs: 120_000 });
    expect(result.exitCode, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { verdict: string; counts: { commitsAcked: number } };
    expect(report.verdict).toBe('pass');
    expect(report.counts.commitsAcked).toBeGreaterThan(0);
  });

  it('names the working directory when the script is not there', async () => {
    const result = await runUnplugCli(['crash', '--engine', 'node forgetful-store.mjs'], { cwd: scratch, timeoutMs: 60_000 });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`script 'forgetful-store.mjs' does not exist (relative paths are taken from ${scratch})`);
  });
});
