// The same seed gives the same report whatever --jobs: for the reference
// engine (recovered in process) on a durable baseline, and on a defect whose
// violations, replay lines and counts must come out the same.
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../../scenarios/index.js';
import type { ScenarioReport } from '../../../reports/report-types.js';
import { runExploreScenario } from './explore-scenario.js';

const scenario = (name: string) => {
  const found = SCENARIOS.find((known) => known.name === name);
  if (found === undefined) throw new Error(`no scenario ${name}`);
  return found;
};

/** What must not depend on the job count. */
function outcome(report: ScenarioReport): unknown {
  return { verdict: report.verdict, counts: report.counts, violations: report.violations.map((violation) => [violation.property, violation.message, violation.replay]) };
}

describe('explore with more than one job', () => {
  it.each(['baseline-power-loss', 'defect-ack-before-sync'])('gives %s the same report with one job and with two', async (name) => {
    const chosen = scenario(name);
    const single = await runExploreScenario(chosen, { seed: 9, jobs: 1, runs: 12, timeBudgetMs: 60_000 });
    const parallel = await runExploreScenario(chosen, { seed: 9, jobs: 2, runs: 12, timeBudgetMs: 60_000 });
    expect(single.verdict).toBe(chosen.expected);
    expect(single.counts.crashStates).toBeGreaterThan(50);
    expect(outcome(parallel)).toEqual(outcome(single));
  }, 120_000);
});
