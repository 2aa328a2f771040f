// The harness API runs real campaigns in a child and returns report.json's
// object; a bad option is a typed USAGE error naming it; a cancelled run
// leaves no process and no temporary directory behind (counted, not assumed).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ensureFreshBuild, REPOSITORY_ROOT } from '../cli/commands/test-support/ensure-fresh-build.js';
import { UnplugError } from './api-options.js';
import { explore, replay, runCampaign } from './harness-api.js';
import { API_TEMPORARY_PREFIX } from './run-cli-child.js';

beforeAll(ensureFreshBuild, 240_000);

/** The pids of every live process descended from this one (Linux /proc). */
function descendantPids(): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces) start after the last ')'.
      const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z') parents.set(Number(entry), Number(parent));
    } catch {
      // The process ended while we looked.
    }
  }
  const descendants: number[] = [];
  for (const pid of parents.keys()) {
    for (let ancestor = parents.get(pid); ancestor !== undefined && ancestor > 1; ancestor = parents.get(ancestor)) {
      if (ancestor === process.pid) {
        descendants.push(pid);
        break;
      }
    }
  }
  return descendants;
}

/** True while `pid` runs (a zombie has ended; a process reparented to init still counts). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] !== 'Z';
  } catch {
    return false;
  }
}

/** The pids of live processes whose environment names `directory` (the run's TMPDIR), wherever they were reparented. */
function processesMentioning(directory: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').includes(directory) && isAlive(Number(entry))) found.push(Number(entry));
    } catch {
      // Ended while we looked, or not ours to read.
    }
  }
  return found;
}

/** This API's private temporary directories that exist now. */
const apiTemporaryDirectories = (): string[] => readdirSync(tmpdir()).filter((name) => name.startsWith(API_TEMPORARY_PREFIX));

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

describe('the harness API', () => {
  it('runCampaign resolves to the report.json object, and replay(report.replay) reproduces it', async () => {
    const report = await runCampaign({ scenarios: ['baseline-process-crash'], seed: 11, runs: 1 });
    expect(report).toMatchObject({ tool: 'unplug', command: 'crash', seed: 11, verdict: 'pass', engine: 'reference' });
    expect(report.scenarios.map((scenario) => [scenario.name, scenario.verdict])).toEqual([['baseline-process-crash', 'durable']]);
    expect(report.counts.crashStates).toBeGreaterThan(0);
    const again = await replay(report.replay);
    expect(again.counts).toEqual(report.counts);
  });

  it('explore runs the scenario in explore mode and reports a defect as a violation (not an error)', async () => {
    const report = await explore({ scenarios: ['defect-skip-dir-sync'], seed: 3, runs: 1, faults: ['power-loss'] });
    expect(report.command).toBe('explore');
    expect(report.scenarios[0]).toMatchObject({ name: 'defect-skip-dir-sync', expected: 'violation', verdict: 'violation' });
    expect(report.scenarios[0]!.violations[0]!.replay).toMatch(/^unplug replay --scenario defect-skip-dir-sync --seed 3 /);
  });

  it.each([
    [{ scenarios: ['no-such-scenario'] }, /unknown scenario 'no-such-scenario'/],
    [{ runs: 0 }, /--runs/],
    [{ shard: '4/3' }, /--shard must be i\/n .* got '4\/3'/],
  ])('rejects bad options %j with a USAGE error naming the value', async (options, message) => {
    const failure = await runCampaign(options).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UnplugError);
    expect(failure).toMatchObject({ code: 'USAGE', message: expect.stringMatching(message) });
  });

  it('refuses a replay line that is not an unplug command', async () => {
    await expect(replay('rm -rf /')).rejects.toMatchObject({ code: 'USAGE', message: expect.stringContaining("got 'rm -rf /'") });
  });

  it('cancelled through an AbortSignal, it leaves no process and no temporary directory behind', async () => {
    // A TMPDIR of this test's own: other test files run campaigns through the API at the same time.
    const sharedTemporaryDirectory = process.env['TMPDIR'];
    const ownTemporaryDirectory = mkdtempSync(join(tmpdir(), 'unplug-api-abort-'));
    process.env['TMPDIR'] = ownTemporaryDirectory;
    onTestFinished(() => {
      if (sharedTemporaryDirectory === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = sharedTemporaryDirectory;
      rmSync(ownTemporaryDirectory, { recursive: true, force: true });
    });
    const directoriesBefore = apiTemporaryDirectories();
    expect(descendantPids()).toEqual([]);
    const controller = new AbortController();
    // An external engine: the campaign starts engine children one after another for a long time.
    const running = runCampaign({ scenarios: ['baseline-power-loss'], engine: 'node examples/forgetful-store.mjs --fsync', time: '10m', seed: 5, signal: controller.signal, cwd: REPOSITORY_ROOT });
    const outcome = running.catch((error: unknown) => error);
    // Wait until the harness has started at least one engine under it (a grandchild).
    expect(await waitFor(() => descendantPids().length >= 2, 30_000)).toBe(true);
    expect(apiTemporaryDirectories().length).toBe(directoriesBefore.length + 1);
    const sandbox = join(tmpdir(), apiTemporaryDirectories().find((name) => !directoriesBefore.includes(name))!);
    // Every process of the run, remembered by pid: one whose parent died is reparented to init and
    // is no longer a descendant, so counting descendants afterwards alone would miss it.
    const started = descendantPids();
    expect(processesMentioning(sandbox).length).toBeGreaterThanOrEqual(2);
    controller.abort();
    expect(await outcome).toMatchObject({ name: 'UnplugError', code: 'ABORTED' });
    // Counted once the promise settled: no process of the run is left, orphaned or not, and no directory.
    expect(started.filter(isAlive)).toEqual([]);
    expect(processesMentioning(sandbox)).toEqual([]);
    expect(descendantPids()).toEqual([]);
    expect(apiTemporaryDirectories()).toEqual(directoriesBefore);
    expect(existsSync(sandbox)).toBe(false);
  });
});
