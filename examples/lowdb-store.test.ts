// lowdb, served by the adapter kit in 25 lines, crash-tested: its write()
// renames a temporary file over db.json without syncing the file or its
// directory, so a power cut loses acknowledged commits (P1) and every ack is
// sent before the commit is durable (A1). A kill -9 alone loses nothing.
import { execa } from 'execa';
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CampaignReport } from '../reports/report-types.js';
import { REPOSITORY_ROOT } from '../harness/cli/commands/test-support/ensure-fresh-build.js';

const STORE = fileURLToPath(new URL('./lowdb-store.mjs', import.meta.url));
const CLI = fileURLToPath(new URL('../bin/unplug.js', import.meta.url));
/** Lines of the adapter, the point of the kit: a real npm store in under 30 lines. */
const ADAPTER_LINES_MAX = 30;

/** Runs a one-scenario crash campaign against the lowdb adapter; returns the exit code and the report. */
async function crashLowdb(scenario: string): Promise<{ exitCode: number | undefined; report: CampaignReport }> {
  const result = await execa('node', [CLI, 'crash', '--engine', 'node examples/lowdb-store.mjs', '--scenario', scenario, '--seed', '7', '--runs', '1', '--time', '15s', '--json'], { cwd: REPOSITORY_ROOT, reject: false });
  expect(result.exitCode === 0 || result.exitCode === 1, String(result.stderr)).toBe(true);
  return { exitCode: result.exitCode, report: JSON.parse(String(result.stdout)) as CampaignReport };
}

describe('examples/lowdb-store.mjs (lowdb over the adapter kit)', () => {
  it(`is under ${ADAPTER_LINES_MAX} lines`, () => {
    expect(fs.readFileSync(STORE, 'utf8').trimEnd().split('\n').length).toBeLessThan(ADAPTER_LINES_MAX);
  });

  it('loses acknowledged commits on power loss: P1 and A1, exit 1', async () => {
    const { exitCode, report } = await crashLowdb('baseline-power-loss');
    expect(exitCode).toBe(1);
    const [scenario] = report.scenarios;
    expect(scenario).toMatchObject({ name: 'baseline-power-loss', expected: 'durable', verdict: 'violation' });
    expect(new Set(scenario!.violations.map((violation) => violation.property))).toEqual(new Set(['P1', 'A1']));
    expect(scenario!.violations[0]!.replay).toMatch(/^unplug replay --scenario baseline-power-loss --seed 7 .*--engine 'node examples\/lowdb-store.mjs'( |$)/);
  });

  it('survives a process crash (the page cache outlives the process)', async () => {
    const { exitCode, report } = await crashLowdb('baseline-process-crash');
    expect(report.scenarios[0]).toMatchObject({ name: 'baseline-process-crash', verdict: 'durable', violations: [] });
    expect(report.counts.crashStates).toBeGreaterThan(0);
    expect(exitCode).toBe(0);
  });
});
