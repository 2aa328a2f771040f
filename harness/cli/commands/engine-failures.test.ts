/**
 * Engines the harness cannot judge are infrastructure failures (exit 3) with a
 * message that names the engine and says what happened, never a verdict: one
 * that quits right after `ready`, and one whose writes the Node shim cannot see
 * (here, a store that appends through a child process, as a native addon or a
 * helper binary would). Runs the compiled launcher (`npm test` builds first).
 */
import { readdirSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runUnplugCli } from '../../disk/test-support/run-unplug-cli.js';
import { findExecutable } from '../../native/choose-shim.js';

const fixture = (name: string): string => `node harness/engine-client/test-support/${name}`;

const scratches: string[] = [];
afterEach(() => {
  for (const directory of scratches.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** Runs a campaign with its own TMPDIR and returns the run and that directory. */
async function campaign(args: readonly string[]) {
  const scratch = mkdtempSync(join(tmpdir(), 'unplug-engine-failures-'));
  scratches.push(scratch);
  const result = await runUnplugCli(args, { environment: { TMPDIR: scratch }, timeoutMs: 120_000 });
  return { result, scratch };
}

describe('engines that cannot be judged', () => {
  it.each(['baseline-live', 'baseline-process-crash'])('an engine that prints ready and exits at once is exit 3 naming it (%s), not a P4 verdict', async (scenario) => {
    const { result, scratch } = await campaign(['crash', '--scenario', scenario, '--engine', fixture('ready-then-exit-engine.mjs'), '--runs', '1', '--seed', '3', '--json']);
    expect(result.exitCode, result.stderr).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim()).toMatch(/^unplug crash: engine 'node harness\/engine-client\/test-support\/ready-then-exit-engine.mjs' exited with code 0 after it printed ready, with 0 of \d+ commits answered/);
    expect(readdirSync(scratch)).toEqual([]);
  });

  it.each(['baseline-live', 'baseline-process-crash'])('an engine whose acked writes never reach the trace is exit 3 saying the shim cannot see them (%s)', async (scenario) => {
    // --shim node forces the preload shim, which cannot see the child process's writes (auto picks the native shim here).
    const { result, scratch } = await campaign(['crash', '--scenario', scenario, '--engine', fixture('child-process-store-engine.mjs'), '--shim', 'node', '--fault', 'process-crash', '--runs', '1', '--seed', '3', '--json']);
    expect(result.exitCode, result.stderr).toBe(3);
    expect(result.stdout).toBe('');
    const line = result.stderr.trim();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(/^unplug crash: engine '.*child-process-store-engine.mjs' acknowledged \d+ commits and wrote files in its data directory \(store.log\), but none of its writes reached the trace/);
    expect(line).toContain('the Node preload shim sees only writes made through node:fs');
    expect(line).toContain('Run it under the native shim (--shim native)');
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('judges the same engine under the native shim, which auto picks for a program that starts other programs', async (context) => {
    if (findExecutable(process.env['CC'] ?? 'cc', process.cwd()) === undefined) return context.skip('no C compiler (cc) to build the native shim');
    const { result } = await campaign(['crash', '--scenario', 'baseline-process-crash', '--engine', fixture('child-process-store-engine.mjs'), '--fault', 'process-crash', '--runs', '1', '--seed', '3', '--json']);
    // The child's appends are in the page cache, so a process crash keeps every acknowledged commit.
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ verdict: 'pass', scenarios: [{ name: 'baseline-process-crash', verdict: 'durable' }] });
  });

  it('still judges an engine that writes nothing at all: it loses every commit (a P1 verdict, exit 1)', async () => {
    // The in-memory engine writes no file: nothing is hidden from the shim, so the oracle must speak.
    const { result } = await campaign(['crash', '--scenario', 'baseline-live', '--engine', fixture('memory-engine.mjs'), '--runs', '1', '--seed', '3', '--json']);
    expect(result.exitCode, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as { scenarios: { violations: { property: string }[] }[] };
    expect(report.scenarios[0]?.violations.map((violation) => violation.property)).toContain('P1');
  });
});

describe('what the campaign prints', () => {
  it('prints --shard as the user wrote it', async () => {
    const { result } = await campaign(['crash', '--scenario', 'fsync-off', '--runs', '2', '--seed', '5', '--shard', '1/2']);
    expect(result.stdout.split('\n')[0]).toContain('shard 1/2');
    expect(result.stdout).not.toContain('shard 0/2');
    const json = await campaign(['crash', '--scenario', 'fsync-off', '--runs', '2', '--seed', '5', '--shard', '2/2', '--json']);
    expect(JSON.parse(json.result.stdout)).toMatchObject({ shard: '2/2', replay: expect.stringContaining('--shard 2/2') });
  });
});
