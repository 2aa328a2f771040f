/**
 * `--jobs` changes how many crash states are recovered at once, never what
 * the report says: for one seed, one job and two give the same report (every
 * field but the wall-clock duration), violations, shrunk masks and replay
 * lines included. One scenario that finds violations and one that does not.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from '../harness/campaign/run-campaign.js';
import type { ScenarioReport } from '../reports/report-types.js';
import { findScenario } from './index.js';

/** A budget far above what these runs take, so no deadline cuts one of them short. */
const SCENARIO_TIME_BUDGET_MS = 120_000;

/** The report without what depends on the clock. */
function timeless(report: ScenarioReport): Omit<ScenarioReport, 'durationMs'> {
  const { durationMs: _durationMs, ...rest } = report;
  return rest;
}

describe('--jobs does not change the report', () => {
  it.each([
    ['defect-skip-checksum', 12],
    ['baseline-torn-sectors', 12],
  ] as const)('%s: --jobs 1 and --jobs 2 give the same report for the same seed', async (name, runs) => {
    const scenario = findScenario(name);
    if (scenario === undefined) throw new Error(`no scenario ${name}`);
    const options = { seed: 4242, runs, timeBudgetMs: SCENARIO_TIME_BUDGET_MS };
    const one = await runScenario(scenario, { ...options, jobs: 1 });
    const two = await runScenario(scenario, { ...options, jobs: 2 });
    expect(timeless(two)).toEqual(timeless(one));
    expect(one.counts.distinctStatesRecovered).toBeGreaterThan(0);
    expect(one.counts.distinctStatesRecovered).toBeLessThanOrEqual(one.counts.crashStates);
    if (scenario.expected === 'violation') expect(one.violationCount).toBeGreaterThan(0);
  }, 240_000);
});
