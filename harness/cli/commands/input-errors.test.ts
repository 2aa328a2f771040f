/**
 * Every input error is found before any work starts: one line on stderr that
 * starts `unplug <command>: ` and names the bad value, exit 2, nothing on
 * stdout, no stack trace. Each case ran a campaign, hung, or printed a stack
 * trace before. The commands run the compiled launcher (`npm test` builds first).
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runUnplugCli } from '../../disk/test-support/run-unplug-cli.js';

const scratch = mkdtempSync(join(tmpdir(), 'unplug-input-errors-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const regularFile = join(scratch, 'a-file');
writeFileSync(regularFile, 'not a directory\n');
const notExecutable = join(scratch, 'not-executable-engine');
writeFileSync(notExecutable, '#!/bin/sh\nexit 0\n');
chmodSync(notExecutable, 0o644);

/** Validation must not start any work: a generous bound that a campaign or a hang would exceed. */
const VALIDATION_TIMEOUT_MS = 20_000;

/** Runs unplug and asserts the one-line usage error. */
async function expectUsageError(args: readonly string[], message: RegExp): Promise<void> {
  const command = args[0] ?? '';
  const result = await runUnplugCli(args, { timeoutMs: VALIDATION_TIMEOUT_MS });
  expect(result.exitCode, result.stderr).toBe(2);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^unplug ${command}: `));
  expect(lines[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('paths are checked before work starts, by one module for every command', () => {
  it.each([
    [['crash', '--scenario', 'fsync-off', '--out', regularFile], /--out '.*a-file' is a file, not a directory/],
    [['crash', '--scenario', 'fsync-off', '--out', join(regularFile, 'reports')], /--out '.*a-file\/reports' cannot be created: '.*a-file' is not a directory/],
    [['crash', '--scenario', 'fsync-off', '--out', '/sys/foo'], /--out '\/sys\/foo' is under \/sys, a kernel pseudo file system/],
    [['explore', '--scenario', 'fsync-off', '--out', '/proc/unplug-reports/deeper'], /--out '\/proc\/unplug-reports\/deeper' is under \/proc/],
    [['disk', '/sys'], /directory '\/sys' is under \/sys/],
    [['disk', '/proc/self'], /directory '\/proc\/self' is under \/proc/],
    [['disk', regularFile], /directory '.*a-file' is a file, not a directory/],
    [['bench', '--dir', '/sys'], /--dir '\/sys' is under \/sys/],
    [['bench', '--dir', join(scratch, 'missing')], /--dir '.*missing' does not exist/],
    [['bench', '--out', '/proc/bench'], /--out '\/proc\/bench' is under \/proc/],
    [['engine', '--dir', '/proc/unplug-data'], /--dir '\/proc\/unplug-data' is under \/proc/],
  ])('%j', async (args, message) => expectUsageError(args, message));

  it.skipIf(process.getuid?.() === 0)('refuses an --out directory it may not write (not testable as root)', async () => {
    const locked = mkdtempSync(join(scratch, 'locked-'));
    chmodSync(locked, 0o555);
    try {
      await expectUsageError(['crash', '--scenario', 'fsync-off', '--out', locked], /--out '.*locked-.*' is not writable/);
      await expectUsageError(['crash', '--scenario', 'fsync-off', '--out', join(locked, 'new-reports')], /cannot be created: '.*locked-.*' is not writable/);
    } finally {
      chmodSync(locked, 0o755);
    }
  });
});

describe('--engine is resolved the way a shell would, before work starts', () => {
  it.each([
    [['crash', '--engine', 'no-such-engine-program --flag'], /--engine 'no-such-engine-program --flag': program 'no-such-engine-program' was not found on PATH/],
    [['crash', '--engine', 'node no-such-store.mjs'], /--engine 'node no-such-store.mjs': script 'no-such-store.mjs' does not exist/],
    [['explore', '--engine', 'no-such-store.js'], /script 'no-such-store.js' does not exist/],
    [['crash', '--engine', notExecutable], /program '.*not-executable-engine' is not executable/],
    [['crash', '--engine', `${scratch}/missing-binary`], /program '.*missing-binary' does not exist/],
    [['replay', '--scenario', 'baseline-live', '--seed', '1', '--run', '0', '--cycle', '0', '--engine', 'node no-such-store.mjs'], /script 'no-such-store.mjs' does not exist/],
  ])('%j', async (args, message) => expectUsageError(args, message));
});

describe('numbers: one validation for every numeric flag', () => {
  it.each([
    [['crash', '--runs', '-1'], /--runs must be an integer from 1 to 1000000, got '-1'/],
    [['crash', '--clients', '-3'], /--clients must be an integer from 1 to \d+, got '-3'/],
    [['crash', '--seed', '4294967296'], /--seed must be an integer from 0 to 4294967295, got '4294967296'/],
    [['crash', '--seed', '18446744073709551617'], /--seed must be an integer from 0 to 4294967295/],
    [['explore', '--seed', '-5'], /--seed must be an integer from 0 to 4294967295, got '-5'/],
    [['replay', '--scenario', 'fsync-off', '--seed', '4294967296', '--path', '0', '--boundary', '1', '--model', 'power-loss'], /--seed must be an integer from 0 to 4294967295/],
    [['bench', '--seed', '99999999999'], /--seed must be an integer from 0 to 4294967295/],
    [['crash', '--shard', '0/2'], /--shard must be i\/n with 1 <= i <= n, got '0\/2'/],
    [['crash', '--time', '-5s'], /--time must be a duration/],
  ])('%j', async (args, message) => expectUsageError(args, message));

  it('accepts the largest seed and carries it unchanged into the report', async () => {
    const result = await runUnplugCli(['crash', '--scenario', 'baseline-power-loss', '--runs', '1', '--seed', '4294967295', '--json'], { timeoutMs: 120_000 });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ seed: 4294967295 });
  });
});

describe('replay flags are checked against the scenario before replaying', () => {
  it.each([
    // defect-ack-before-sync is an explore scenario: it never prints --run/--cycle lines.
    [['replay', '--scenario', 'defect-ack-before-sync', '--seed', '4', '--run', '0', '--cycle', '0'], /--run --cycle replay a live violation, but scenario 'defect-ack-before-sync' runs in explore mode/],
    [['replay', '--scenario', 'baseline-live', '--seed', '4', '--run', '0', '--cycle', '0', '--path', '0', '--boundary', '1', '--model', 'power-loss'], /--path names an explore crash state and --run a live run: they cannot be combined/],
    [['replay', '--scenario', 'baseline-live', '--seed', '4', '--run', '99999', '--cycle', '0'], /--run must be an integer from 0 to 3, got '99999'/],
    [['replay', '--scenario', 'baseline-live', '--seed', '4', '--run', '0', '--cycle', '99'], /--cycle must be an integer from 0 to 2, got '99'/],
    [['replay', '--scenario', 'baseline-live', '--seed', '4', '--run', '0'], /--run and --cycle are both needed/],
    [['replay', '--scenario', 'baseline-live', '--seed', '4', '--run', '0', '--cycle', '1', '--kills', '2:5'], /--kills 2:5 must name a cycle from 0 to 1 \(--cycle\) and at least 1 operation/],
    [['replay', '--scenario', 'baseline-live', '--seed', '4', '--run', '0', '--cycle', '1', '--kills', '0:0'], /--kills 0:0 must name a cycle/],
    [['replay', '--scenario', 'fsync-off', '--seed', '4', '--path', 'garbage', '--boundary', '3', '--model', 'power-loss'], /--path must be a counterexample path like 0:1:2, got 'garbage'/],
    // A first step of 999999999 made fast-check generate a billion workloads: a hang, not an error.
    [['replay', '--scenario', 'fsync-off', '--seed', '4', '--path', '999999999', '--boundary', '3', '--model', 'power-loss'], /--path '999999999' starts at run 999999999, but the campaign had \d+ runs/],
    [['replay', '--scenario', 'fsync-off', '--seed', '4', '--path', '0:999999999', '--boundary', '3', '--model', 'power-loss'], /has a shrink step above 100000/],
    [['replay', '--scenario', 'fsync-off', '--seed', '4', '--path', '0', '--boundary', '3', '--model', 'power-loss-prefix', '--mask', 'prefix:999:999999'], /--mask 'prefix:999:999999' does not fit boundary 3 under power-loss-prefix/],
    [['replay', '--scenario', 'fsync-off', '--seed', '4', '--path', '0', '--boundary', '3', '--model', 'power-loss', '--mask', 'prefix:1'], /--mask: persistence mask "prefix:1"/],
    [['replay', '--scenario', 'fsync-off', '--seed', '4', '--path', '0', '--boundary', '999999', '--model', 'power-loss'], /--boundary 999999 is past the end of the replayed trace/],
  ])('%j', async (args, message) => expectUsageError(args, message));

  it('replays the explore line `unplug explore` prints for a live scenario (explore flags fit every scenario)', async () => {
    const explored = await runUnplugCli(['explore', '--scenario', 'fsync-off', '--seed', '5', '--runs', '2', '--json'], { timeoutMs: 120_000 });
    expect(explored.exitCode, explored.stderr).toBe(0);
    const line = (JSON.parse(explored.stdout) as { scenarios: { violations: { replay: string }[] }[] }).scenarios[0]?.violations[0]?.replay ?? '';
    expect(line).toMatch(/^unplug replay --scenario fsync-off --seed 5 --path \S+ --boundary \d+ --model \S+/);
    const replayed = await runUnplugCli([...line.replace(/^unplug /, '').split(' '), '--json'], { timeoutMs: 120_000 });
    expect(replayed.exitCode, replayed.stderr).toBe(0);
    expect(JSON.parse(replayed.stdout)).toMatchObject({ command: 'replay', verdict: 'pass' });
  });

  it('accepts --run below the campaign\'s --runs, which live replay lines now carry', async () => {
    // A run index above the scenario's own budget is valid when the campaign ran more runs.
    const result = await runUnplugCli(['replay', '--scenario', 'baseline-live', '--seed', '4', '--run', '20', '--runs', '21', '--cycle', '0', '--json'], { timeoutMs: 120_000 });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ command: 'replay', verdict: 'pass' });
  });
});
