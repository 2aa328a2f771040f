/**
 * `unplug crash`, `explore`, `replay` and `scenarios` end to end through the
 * compiled launcher (`npm test` builds first): exit codes, the single JSON
 * document, exact replay, and no leaked process or temporary directory, even
 * when the harness is interrupted.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const launcher = join(repository, 'bin', 'unplug.js');
const brokenEngine = (name: string): string => `node ${join(repository, 'harness', 'engine-client', 'test-support', name)}`;

// Every scratch TMPDIR a test made (a test may run unplug more than once), removed after each test.
let scratch = '';
const scratches: string[] = [];
afterEach(() => {
  for (const directory of scratches.splice(0)) rmSync(directory, { recursive: true, force: true });
  scratch = '';
});

/** A fresh scratch TMPDIR, remembered for removal. */
function makeScratch(): string {
  scratch = mkdtempSync(join(tmpdir(), 'unplug-cli-test-'));
  scratches.push(scratch);
  return scratch;
}

/** Runs unplug with its own TMPDIR, so its temporary directories can be counted. */
async function unplug(args: readonly string[], env: Record<string, string> = {}) {
  makeScratch();
  return execa(process.execPath, [launcher, ...args], { reject: false, env: { TMPDIR: scratch, ...env }, timeout: 120_000 });
}

/** Processes whose command line mentions `marker` (engines started on directories under it). */
function processesMentioning(marker: string): string[] {
  const listing = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return listing.split('\n').filter((line) => line.includes(marker) && !line.includes('ps -eo'));
}

describe('unplug crash', () => {
  it('reports fsync=off as the expected violation in one JSON document, and leaks nothing', async () => {
    const result = await unplug(['crash', '--scenario', 'fsync-off', '--seed', '5', '--json']);
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as { tool: string; command: string; verdict: string; seed: number; scenarios: { verdict: string; violations: { property: string; replay: string }[] }[]; counts: Record<string, number>; rates: Record<string, number> };
    expect(report).toMatchObject({ tool: 'unplug', command: 'crash', seed: 5, verdict: 'pass' });
    expect(report.scenarios[0]?.verdict).toBe('violation');
    expect(report.scenarios[0]?.violations.map((violation) => violation.property)).toEqual(expect.arrayContaining(['P1', 'A1']));
    expect(Object.keys(report.counts)).toEqual(expect.arrayContaining(['runs', 'crashes', 'crashStates', 'commitsAcked']));
    expect(Object.keys(report.rates)).toEqual(['crashesPerSecond', 'crashStatesPerSecond']);
    expect(readdirSync(scratch)).toEqual([]);
    expect(processesMentioning(scratch)).toEqual([]);
  });

  it('writes report.json, junit.xml and report.html with --out', async () => {
    const out = mkdtempSync(join(tmpdir(), 'unplug-cli-out-'));
    try {
      const result = await unplug(['crash', '--scenario', 'fsync-off', '--seed', '5', '--out', out]);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain('fsync-off');
      expect(readdirSync(out).sort()).toEqual(['junit.xml', 'report.html', 'report.json']);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('exits 1 when a scenario expected durable finds a violation (the forgetful engine in baseline-live)', async () => {
    // The forgetful engine replacing the reference engine in a durable baseline must fail the campaign.
    const result = await unplug(['crash', '--scenario', 'baseline-live', '--engine', 'node examples/forgetful-store.mjs', '--runs', '1', '--seed', '2', '--json']);
    expect(result.exitCode).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ verdict: 'fail', engine: 'node examples/forgetful-store.mjs' });
  });

  it.each([
    [['crash', '--scenario', 'no-such-scenario'], /unknown scenario 'no-such-scenario'/],
    [['crash', '--no-such-flag'], /no-such-flag/],
    [['crash', '--fault', 'lightning'], /unknown fault 'lightning'/],
    [['crash', '--shard', '3/2'], /--shard must be i\/n/],
    [['replay', '--scenario', 'fsync-off'], /--seed is required/],
  ])('exits 2 on bad usage: %s', async (args, message) => {
    const result = await unplug(args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it.each([
    // Only the engine that never gets ready waits for the short timeout: on a loaded machine a
    // Node start alone can take longer than 500 ms, and the others must fail for their own reason.
    ['never-ready-engine.mjs', /did not print a ready line within 500 ms/, { UNPLUG_READY_TIMEOUT_MS: '500' }],
    ['dies-at-start-engine.mjs', /exited with code 1 before it was ready/, {}],
    ['garbage-engine.mjs', /printed garbage before ready/, {}],
  ])('exits 3 when the engine is broken: %s', async (name, message, env) => {
    const result = await unplug(['crash', '--scenario', 'baseline-live', '--engine', brokenEngine(name), '--runs', '1', '--json'], env);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    expect(readdirSync(scratch)).toEqual([]);
    expect(processesMentioning(scratch)).toEqual([]);
  });

  it('exits 1, not 3, when the engine starts on its empty directory but dies recovering a crash state (a P4 verdict)', async () => {
    const result = await unplug(['crash', '--scenario', 'baseline-process-crash', '--engine', brokenEngine('crashes-on-recovery-engine.mjs'), '--runs', '1', '--time', '20s', '--seed', '4', '--json']);
    expect(result.exitCode, result.stderr).toBe(1);
    const report = JSON.parse(result.stdout) as { verdict: string; scenarios: { verdict: string; violations: { property: string; message: string }[] }[] };
    expect(report.verdict).toBe('fail');
    expect(report.scenarios[0]?.violations[0]).toMatchObject({ property: 'P4', message: expect.stringMatching(/recovery failed \(EXITED_BEFORE_READY: the engine exited with code 1 while recovering; stderr: .*recovery is not implemented/) });
    expect(readdirSync(scratch)).toEqual([]);
    expect(processesMentioning(scratch)).toEqual([]);
  });

  it('kills every engine and removes every temporary directory when interrupted', async () => {
    makeScratch();
    const child = execa(process.execPath, [launcher, 'crash', '--scenario', 'clients-64', '--runs', '50', '--seed', '1'], { reject: false, env: { TMPDIR: scratch } });
    // Wait until an engine runs on a directory under the scratch TMPDIR, then interrupt.
    for (let attempt = 0; attempt < 200 && processesMentioning(join(scratch, 'unplug-')).length === 0; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(processesMentioning(join(scratch, 'unplug-')).length).toBeGreaterThan(0);
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(readdirSync(scratch)).toEqual([]);
    expect(processesMentioning(scratch)).toEqual([]);
  });
});

describe('unplug replay and scenarios', () => {
  it('replays an explore violation exactly from its printed line', async () => {
    const crash = await unplug(['explore', '--scenario', 'defect-ack-before-sync', '--seed', '4', '--json']);
    expect(crash.exitCode).toBe(0);
    const violation = (JSON.parse(crash.stdout) as { scenarios: { violations: { property: string; replay: string; tx?: number; key?: string }[] }[] }).scenarios[0]?.violations[0];
    expect(violation?.replay).toMatch(/^unplug replay /);
    const argv = spawnSync('sh', ['-c', `for a in ${violation?.replay.replace(/^unplug /, '')}; do printf '%s\\0' "$a"; done`], { encoding: 'utf8' }).stdout.split('\0').filter((part) => part !== '');
    const replayed = await unplug([...argv, '--json']);
    expect(replayed.exitCode).toBe(0);
    const again = JSON.parse(replayed.stdout) as { command: string; scenarios: { violations: { property: string; tx?: number; key?: string }[] }[] };
    expect(again.command).toBe('replay');
    // The same property, commit and key: the replay rebuilt the very same crash state.
    expect(again.scenarios[0]?.violations).toContainEqual(expect.objectContaining({ property: violation?.property, tx: violation?.tx, key: violation?.key }));
  });

  it('lists the catalogue', async () => {
    const result = await unplug(['scenarios', '--json']);
    expect(result.exitCode).toBe(0);
    const names = (JSON.parse(result.stdout) as { scenarios: { name: string }[] }).scenarios.map((scenario) => scenario.name);
    expect(names).toContain('fsync-off');
    expect(names).toContain('baseline-live');
  });

  it('prints help for each command', async () => {
    for (const command of ['crash', 'explore', 'replay', 'scenarios']) {
      const result = await unplug([command, '--help']);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toContain(`usage: unplug ${command}`);
    }
  });
});
