/**
 * Regressions of model and fault selection (each failed before the core's one
 * rule): an engine that never syncs, or renames without a directory sync, is
 * durable when only process crashes are asked about, in explore AND live, and
 * caught under power loss; `--fault` never runs a model baseline under another
 * model; a scenario's own injected faults survive a `--fault` model. External
 * engines run compiled through the preload shim: `npm test` builds first.
 */
import { describe, expect, it } from 'vitest';
import { SCENARIOS, baselineScenarios } from '../../scenarios/index.js';
import { UsageError } from '../cli/exit-codes.js';
import type { Scenario } from '../core/scenario.js';
import { parseCampaignArguments } from './campaign-arguments.js';
import { runCampaign } from './run-campaign.js';
import { meetsExpectation } from './scenario-expectation.js';

const CATALOGUE = { all: SCENARIOS, defaults: baselineScenarios() };
const NEVER_SYNCS = 'node examples/forgetful-store.mjs';
const RENAMES_WITHOUT_DIRECTORY_SYNC = 'node harness/campaign/test-support/rename-without-dir-sync-store.mjs';

/** Per scenario: enough to find a lost ack at the first boundaries; shrinking an external engine's counterexample would take the rest. */
const TIME_BUDGET_MS = 20_000;

/** Short workloads and one run per scenario: each crash state of an external engine is a child process. */
function small(scenario: Scenario): Scenario {
  return { ...scenario, workload: { ...scenario.workload, operationCount: 6, clients: 1 }, budget: { ...scenario.budget, runs: 1, cyclesPerRun: 2 } };
}

/** Runs the campaign a command line selects (scenarios made small), and says each scenario's verdict and models. */
async function campaign(argv: readonly string[]) {
  const parsed = parseCampaignArguments('crash', ['--seed', '3', ...argv], CATALOGUE);
  const report = await runCampaign({ command: 'crash', scenarios: parsed.scenarios.map(small), seed: parsed.seed, timeBudgetMs: TIME_BUDGET_MS, engineLabel: 'test', replay: 'unplug crash' });
  return {
    report,
    outcomes: Object.fromEntries(report.scenarios.map((scenario) => [scenario.name, scenario.verdict])),
    models: Object.fromEntries(parsed.scenarios.map((scenario) => [scenario.name, scenario.models])),
  };
}

describe('--fault with an engine of its own', () => {
  it.each([
    ['that never syncs', NEVER_SYNCS],
    ['that renames without a directory sync', RENAMES_WITHOUT_DIRECTORY_SYNC],
  ])('an engine %s is durable under --fault process-crash (explore and live): no A1, no power-loss state', async (_what, engine) => {
    const { report, outcomes, models } = await campaign(['--engine', engine, '--fault', 'process-crash']);
    expect(models).toEqual({ 'baseline-process-crash': ['process-crash'], 'baseline-live': ['process-crash'] });
    expect(outcomes).toEqual({ 'baseline-process-crash': 'durable', 'baseline-live': 'durable' });
    expect(report.verdict).toBe('pass');
  });

  it.each([
    ['that never syncs', NEVER_SYNCS],
    ['that renames without a directory sync', RENAMES_WITHOUT_DIRECTORY_SYNC],
  ])('the same engine %s is caught under --fault power-loss (explore and live)', async (_what, engine) => {
    const { report, outcomes } = await campaign(['--engine', engine, '--fault', 'power-loss']);
    const notes = report.scenarios.flatMap((scenario) => scenario.coverage?.notes ?? []).join('; ');
    expect(outcomes, notes).toEqual({ 'baseline-power-loss': 'violation', 'baseline-live': 'violation' });
    expect(report.verdict).toBe('fail');
  });
});

describe('--fault and the scenarios it selects', () => {
  it('runs one explore baseline per named model plus the live baseline under those models, never a model baseline under another model', () => {
    const parsed = parseCampaignArguments('crash', ['--fault', 'process-crash', '--fault', 'torn-sectors'], CATALOGUE);
    expect(parsed.scenarios.map((scenario) => [scenario.name, scenario.models])).toEqual([
      ['baseline-process-crash', ['process-crash']],
      ['baseline-torn-sectors', ['torn-sectors']],
      ['baseline-live', ['process-crash', 'torn-sectors']],
    ]);
  });

  it('refuses a model baseline named with --scenario under only other models (exit 2), and narrows it to its own model', () => {
    expect(() => parseCampaignArguments('crash', ['--scenario', 'baseline-power-loss', '--fault', 'process-crash'], CATALOGUE)).toThrow(UsageError);
    expect(() => parseCampaignArguments('crash', ['--scenario', 'baseline-power-loss', '--fault', 'process-crash'], CATALOGUE)).toThrow(/baseline-power-loss' checks the power-loss model only/);
    const narrowed = parseCampaignArguments('crash', ['--scenario', 'baseline-power-loss', '--fault', 'process-crash', '--fault', 'power-loss'], CATALOGUE);
    expect(narrowed.scenarios[0]?.models).toEqual(['power-loss']);
  });

  it('adds injected faults named on the command line to a scenario\'s own, and keeps its models when no model is named', () => {
    const parsed = parseCampaignArguments('crash', ['--scenario', 'eio-fsync', '--fault', 'enospc'], CATALOGUE);
    const [scenario] = parsed.scenarios;
    expect(scenario?.faults?.map((fault) => fault.kind)).toEqual(['eio-fsync', 'enospc']);
    expect(scenario?.models).toEqual(SCENARIOS.find((known) => known.name === 'eio-fsync')?.models);
  });

  it('--scenario defect-retry-fsync-after-error --fault power-loss still catches the defect (its own EIO stays)', async () => {
    const parsed = parseCampaignArguments('crash', ['--scenario', 'defect-retry-fsync-after-error', '--fault', 'power-loss', '--seed', '1'], CATALOGUE);
    const report = await runCampaign({ command: 'crash', scenarios: parsed.scenarios, seed: 1, engineLabel: 'reference', replay: 'unplug crash' });
    expect(report.scenarios[0]?.verdict).toBe('violation');
    expect(report.scenarios.every(meetsExpectation)).toBe(true);
  });
});
