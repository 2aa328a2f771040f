// `--jobs N` and `--budget-report`: parsed with clear errors, and the budget
// reaches the JSON document and the terminal.
import { execa } from 'execa';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCENARIOS, baselineScenarios } from '../../scenarios/index.js';
import { UsageError } from '../cli/exit-codes.js';
import { parseCampaignArguments } from './campaign-arguments.js';

const CATALOGUE = { all: SCENARIOS, defaults: baselineScenarios() };
const UNPLUG = fileURLToPath(new URL('../../bin/unplug.js', import.meta.url));

describe('--jobs and --budget-report', () => {
  it('defaults to one job per core and no budget; takes a positive --jobs', () => {
    expect(parseCampaignArguments('crash', [], CATALOGUE)).toMatchObject({ jobs: availableParallelism(), budgetReport: false });
    expect(parseCampaignArguments('crash', ['--jobs', '3', '--budget-report'], CATALOGUE)).toMatchObject({ jobs: 3, budgetReport: true });
  });

  it.each(['0', '-1', 'many', '1.5', '100000'])('refuses --jobs %s with a usage error naming it', (value) => {
    expect(() => parseCampaignArguments('crash', ['--jobs', value], CATALOGUE)).toThrow(UsageError);
    expect(() => parseCampaignArguments('crash', ['--jobs', value], CATALOGUE)).toThrow(new RegExp(`--jobs.*${value.replace('.', '\\.')}`));
  });

  it('adds the budget object to the JSON and a budget line to the terminal', async () => {
    const argv = ['crash', '--scenario', 'baseline-power-loss', '--runs', '3', '--seed', '5', '--jobs', '2', '--budget-report'];
    const json = await execa('node', [UNPLUG, ...argv, '--json']);
    const report = JSON.parse(json.stdout) as { counts: { crashStates: number; boundariesChecked: number; distinctStatesRecovered: number }; budget: Record<string, number> };
    expect(report.budget).toMatchObject({ jobs: 2, statesChecked: report.counts.crashStates, distinctStatesRecovered: report.counts.distinctStatesRecovered });
    for (const phase of ['tracingMs', 'buildingMs', 'recoveringMs', 'checkingMs']) expect(report.budget[phase]).toBeGreaterThan(0);
    expect(report.counts.boundariesChecked).toBeGreaterThan(0);
    expect(report.counts.distinctStatesRecovered).toBeLessThan(report.counts.crashStates);
    const terminal = await execa('node', [UNPLUG, ...argv]);
    expect(terminal.stdout).toMatch(/^budget: tracing [\d.]+ s · building [\d.]+ s · recovering [\d.]+ s \(2 jobs\) · checking [\d.]+ s · \d+ of \d+ states recovered$/m);
  }, 120_000);
});
