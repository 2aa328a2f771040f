/**
 * `unplug merge-reports` end to end: a campaign run as three shards (one
 * seed) and merged equals the same campaign run unsharded, in counts, verdicts
 * and exit code; shards of different campaigns are refused with exit 2 and a
 * message; under GitHub Actions the violations become `::error` lines.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignReport } from '../../../reports/report-types.js';
import { ensureFreshBuild, REPOSITORY_ROOT } from './test-support/ensure-fresh-build.js';

const LAUNCHER = join(REPOSITORY_ROOT, 'bin', 'unplug.js');
const DURABLE_CAMPAIGN = ['--scenario', 'baseline-process-crash', '--scenario', 'baseline-power-loss', '--seed', '21', '--runs', '4'];
let scratch = '';

beforeAll(async () => {
  await ensureFreshBuild();
  scratch = mkdtempSync(join(tmpdir(), 'unplug-merge-test-'));
}, 240_000);
afterAll(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

function unplug(args: readonly string[], env: Record<string, string> = {}) {
  return execa(process.execPath, [LAUNCHER, ...args], { reject: false, env: { GITHUB_ACTIONS: '', ...env }, timeout: 180_000 });
}

/** Runs the campaign as `count` shards into scratch/<name>-<i>; returns the directories. */
async function runShards(name: string, campaign: readonly string[], count: number): Promise<string[]> {
  const directories = Array.from({ length: count }, (_, index) => join(scratch, `${name}-${index + 1}`));
  for (const [index, directory] of directories.entries()) {
    const result = await unplug(['crash', ...campaign, '--shard', `${index + 1}/${count}`, '--out', directory]);
    expect(result.exitCode === 0 || result.exitCode === 1, String(result.stderr)).toBe(true);
  }
  return directories;
}

const readReport = (directory: string): CampaignReport => JSON.parse(readFileSync(join(directory, 'report.json'), 'utf8')) as CampaignReport;
const scenarioCounts = (report: CampaignReport) => report.scenarios.map((scenario) => [scenario.name, scenario.verdict, scenario.counts]);

describe('unplug merge-reports', () => {
  it('merges a 3-shard campaign into the report of the unsharded campaign with the same seed', async () => {
    const shards = await runShards('durable', DURABLE_CAMPAIGN, 3);
    expect(shards.map((directory) => readReport(directory).shard)).toEqual(['1/3', '2/3', '3/3']);
    const whole = await unplug(['crash', ...DURABLE_CAMPAIGN, '--json']);
    expect(whole.exitCode).toBe(0);
    const unsharded = JSON.parse(String(whole.stdout)) as CampaignReport;

    const out = join(scratch, 'merged');
    const merged = await unplug(['merge-reports', ...shards.reverse(), '--out', out, '--json']);
    expect(merged.exitCode, String(merged.stderr)).toBe(0);
    const report = JSON.parse(String(merged.stdout)) as CampaignReport;
    expect(report.counts).toEqual(unsharded.counts);
    expect(scenarioCounts(report)).toEqual(scenarioCounts(unsharded));
    expect(report).toMatchObject({ verdict: unsharded.verdict, seed: 21, replay: unsharded.replay });
    expect(report.shard).toBeUndefined();
    expect(readReport(out)).toEqual(report);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain('<testcase name="baseline-power-loss"');
  });

  it('exits as the unsharded campaign would (0 as expected, 1 not), with a GitHub annotation for what differs', async () => {
    const campaign = ['--scenario', 'defect-skip-dir-sync', '--fault', 'power-loss', '--seed', '5', '--runs', '2'];
    const shards = await runShards('defect', campaign, 2);
    // Expected a violation and found one: as expected, exit 0, no annotation.
    const asExpected = await unplug(['merge-reports', ...shards], { GITHUB_ACTIONS: 'true' });
    expect(asExpected.exitCode).toBe(0);
    expect(String(asExpected.stderr)).toBe('');
    // Under process-crash alone the defect cannot show: undetected in every shard, so the merged
    // campaign fails as the unsharded one does, and says so as an annotation.
    const undetected = ['--scenario', 'defect-skip-dir-sync', '--fault', 'process-crash', '--seed', '5', '--runs', '2'];
    const failing = await unplug(['merge-reports', ...(await runShards('undetected', undetected, 2))], { GITHUB_ACTIONS: 'true' });
    const whole = await unplug(['crash', ...undetected], { GITHUB_ACTIONS: 'true' });
    expect([failing.exitCode, whole.exitCode]).toEqual([1, 1]);
    expect(String(failing.stdout)).toContain('FAIL: 1 of 1 scenarios did not come out as expected');
    // The same annotation the unsharded campaign prints.
    const annotation = String(failing.stderr).trim();
    expect(annotation).toMatch(/^::error title=unplug%3A defect-skip-dir-sync not as expected::UNDETECTED: expected a violation \(P1, A1, P4\), none found%0Areplay: unplug explore --scenario defect-skip-dir-sync --seed 5 /);
    expect(String(whole.stderr).trim()).toBe(annotation);
  });

  it('refuses shards of different campaigns with exit 2 and a message naming the difference', async () => {
    const [first] = await runShards('seed-a', ['--scenario', 'baseline-process-crash', '--seed', '1', '--runs', '2'], 2);
    const [, second] = await runShards('seed-b', ['--scenario', 'baseline-process-crash', '--seed', '2', '--runs', '2'], 2);
    const result = await unplug(['merge-reports', first!, second!]);
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr).trim()).toBe(`unplug merge-reports: ${join(second!, 'report.json')} is from another campaign: seed 2, but ${join(first!, 'report.json')} has 1`);
    const missing = await unplug(['merge-reports', join(scratch, 'nowhere')]);
    expect(missing.exitCode).toBe(2);
    expect(String(missing.stderr)).toContain(`cannot read ${join(scratch, 'nowhere')}: ENOENT`);
  });
});
