/**
 * `unplug merge-reports` refuses what is not the shards of one campaign, and
 * an unusable `--out`, with one line naming the bad value and exit 2, before
 * writing anything. The shard reports here are written by the test (no
 * campaign runs): what is checked is the command's reading and refusing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PASSING_REPORT } from '../../../reports/test-support/sample-campaign-report.js';
import type { CampaignReport } from '../../../reports/report-types.js';
import { ensureFreshBuild } from './test-support/ensure-fresh-build.js';
import { runUnplugSync, scratchDirectories } from './test-support/unplug-sync.js';

const scratch = scratchDirectories('merge-refusals');
beforeAll(async () => ensureFreshBuild(), 240_000);
afterEach(() => scratch.removeAll());

/** Writes shard `index` of 2 of the sample campaign into `<root>/<name>`, changed by `changes`. */
function writeShard(root: string, name: string, index: number, changes: Partial<CampaignReport> = {}): string {
  const directory = join(root, name);
  mkdirSync(directory, { recursive: true });
  const report: CampaignReport = { ...PASSING_REPORT, shard: `${index}/2`, replay: `unplug crash --seed 42 --shard ${index}/2`, ...changes };
  writeFileSync(join(directory, 'report.json'), JSON.stringify(report));
  return directory;
}

/** Expects exit 2 and exactly one stderr line equal to `message`, and nothing on stdout. */
function expectRefused(argv: readonly string[], message: string): void {
  const run = runUnplugSync('merge-reports', ...argv);
  expect(run.status, run.stderr).toBe(2);
  expect(run.stderr).toBe(`unplug merge-reports: ${message}\n`);
  expect(run.stdout).toBe('');
}

describe('unplug merge-reports refusals', () => {
  it('merges two well-formed shards (the refusals below are not a blanket exit 2)', () => {
    const root = scratch.create();
    const run = runUnplugSync('merge-reports', writeShard(root, 'a', 1), writeShard(root, 'b', 2), '--json');
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ seed: 42, replay: 'unplug crash --seed 42' });
  });

  it('refuses a missing shard, a duplicated one, another seed and another --runs', () => {
    const root = scratch.create();
    const first = writeShard(root, 'a', 1);
    const second = writeShard(root, 'b', 2);
    expectRefused([first], 'shard 2/2 missing (got 1 of 2)');
    expectRefused([first, first, second], `shard 1/2 is given twice: ${join(first, 'report.json')} and ${join(first, 'report.json')}`);
    const otherSeed = writeShard(root, 'c', 2, { seed: 43, replay: 'unplug crash --seed 43 --shard 2/2' });
    expectRefused([first, otherSeed], `${join(otherSeed, 'report.json')} is from another campaign: seed 43, but ${join(first, 'report.json')} has 42`);
    const otherRuns = writeShard(root, 'd', 2, { replay: 'unplug crash --seed 42 --shard 2/2 --runs 5' });
    expectRefused([first, otherRuns], `${join(otherRuns, 'report.json')} is from another campaign: it ran with --runs 5, but ${join(first, 'report.json')} with no such flag`);
  });

  it('refuses a corrupt report.json, a directory without one, and a device', () => {
    const root = scratch.create();
    const first = writeShard(root, 'a', 1);
    const corrupt = join(root, 'corrupt');
    mkdirSync(corrupt);
    writeFileSync(join(corrupt, 'report.json'), '{"tool":"unplug",');
    const run = runUnplugSync('merge-reports', first, corrupt);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^unplug merge-reports: ${join(corrupt, 'report.json')} is not JSON: [^\\n]+\\n$`));
    const empty = join(root, 'empty');
    mkdirSync(empty);
    expectRefused([first, empty], `${empty} holds no report.json (write one with 'unplug crash --shard i/n --out ${empty}')`);
    // Read to its end, /dev/zero never ends: refused as not a regular file.
    expectRefused([first, '/dev/zero'], '/dev/zero is not a regular file');
  });

  it('refuses an --out under /proc and an --out that is a file, before merging', () => {
    const root = scratch.create();
    const shards = [writeShard(root, 'a', 1), writeShard(root, 'b', 2)];
    // A recursive mkdir under /proc never returns: without the check this run spins until the timeout.
    expectRefused([...shards, '--out', '/proc/unplug-merged'], "--out '/proc/unplug-merged' is under /proc, a kernel pseudo file system; give a directory on a real disk");
    const file = join(root, 'a-file');
    writeFileSync(file, '');
    expectRefused([...shards, '--out', file], `--out '${file}' is a file, not a directory`);
  });
});
