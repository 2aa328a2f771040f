/**
 * A campaign: a list of scenarios run one after another with one seed, folded
 * into the `CampaignReport` every renderer reads (the JSON document of
 * docs/reports.md).
 */
import type { CampaignCounts, CampaignReport, ScenarioReport } from '../../reports/report-types.js';
import { runClusterScenario } from '../cluster/cluster-scenario.js';
import { runArchiveScenario } from '../runner/archive/archive-scenario.js';
import { runCdcScenario } from '../cdc/cdc-scenario.js';
import { runExploreScenario } from '../runner/explore/explore-scenario.js';
import { runLiveScenario } from '../runner/live/live-scenario.js';
import type { RunMode, Scenario } from '../core/scenario.js';
import type { CampaignShard, ScenarioRunOptions } from '../core/scenario-run-types.js';
import { formatShard } from './campaign-arguments.js';
import { meetsExpectation } from './scenario-expectation.js';
import { sumCounts } from '../../reports/sum-counts.js';
import { BudgetAccumulator, type BudgetReport } from '../recovery-pool/budget-report.js';

/** Options of `runCampaign`. */
export interface CampaignOptions {
  readonly command: CampaignReport['command'];
  readonly scenarios: readonly Scenario[];
  readonly seed: number;
  /** Force every scenario into one mode (`unplug explore`); otherwise each runs in its own. */
  readonly mode?: RunMode;
  readonly runs?: number;
  /** Time budget per scenario. */
  readonly timeBudgetMs?: number;
  readonly shard?: CampaignShard;
  /** Flags repeated in replay commands. */
  readonly replayFlags?: readonly (readonly [string, string])[];
  readonly engineLabel: string;
  /** The command that reruns the campaign. */
  readonly replay: string;
  readonly onScenarioStart?: (scenario: Scenario, index: number) => void;
  readonly onProgress?: (scenario: Scenario, counts: CampaignCounts) => void;
  readonly onScenarioEnd?: (report: ScenarioReport) => void;
  /** Recoveries run at once (`--jobs`). */
  readonly jobs?: number;
  /** Add `budget` (where the time went) to the report (`--budget-report`). */
  readonly budgetReport?: boolean;
  /** False: a fresh child per crash state, even for an engine that offers `reopen` (`--no-reopen`). */
  readonly reopen?: boolean;
}

/** Runs one scenario in its mode (or the forced one). */
export function runScenario(scenario: Scenario, options: ScenarioRunOptions, mode: RunMode = scenario.mode): Promise<ScenarioReport> {
  // Archive scenarios check restores, not one recovery: no other mode can run them.
  if (scenario.mode === 'archive' || mode === 'archive') return runArchiveScenario(scenario, options);
  // Cluster scenarios fail over between two processes: no other mode can run them.
  if (scenario.mode === 'cluster' || mode === 'cluster') return runClusterScenario(scenario, options);
  // CDC scenarios check a change stream across a chain of crashes: only their own mode runs them.
  if (scenario.mode === 'cdc' || mode === 'cdc') return runCdcScenario(scenario, options);
  return mode === 'live' ? runLiveScenario(scenario, options) : runExploreScenario(scenario, options);
}

/** The scenarios' budgets summed, when they were asked for. */
function sumBudgets(reports: readonly ScenarioReport[], jobs: number): BudgetReport | undefined {
  const budgets = reports.flatMap((report) => (report.budget === undefined ? [] : [report.budget]));
  if (budgets.length === 0) return undefined;
  const total = new BudgetAccumulator(jobs);
  for (const budget of budgets) total.addReport(budget);
  return total.report();
}

/** Runs the campaign and reports it. */
export async function runCampaign(options: CampaignOptions): Promise<CampaignReport> {
  const started = performance.now();
  const reports: ScenarioReport[] = [];
  for (const [index, scenario] of options.scenarios.entries()) {
    options.onScenarioStart?.(scenario, index);
    const report = await runScenario(
      scenario,
      {
        seed: options.seed,
        ...(options.runs === undefined ? {} : { runs: options.runs }),
        ...(options.timeBudgetMs === undefined ? {} : { timeBudgetMs: options.timeBudgetMs }),
        ...(options.shard === undefined ? {} : { shard: options.shard }),
        ...(options.replayFlags === undefined ? {} : { replayFlags: options.replayFlags }),
        onProgress: (counts) => options.onProgress?.(scenario, counts),
        ...(options.jobs === undefined ? {} : { jobs: options.jobs }),
        ...(options.budgetReport === true ? { budgetReport: true } : {}),
        ...(options.reopen === false ? { reopen: false } : {}),
      },
      options.mode,
    );
    reports.push(report);
    options.onScenarioEnd?.(report);
  }
  const durationMs = Math.round(performance.now() - started);
  const counts = sumCounts(reports.map((report) => report.counts));
  const budget = options.budgetReport === true ? sumBudgets(reports, options.jobs ?? 1) : undefined;
  const seconds = Math.max(durationMs, 1) / 1000;
  return {
    tool: 'unplug',
    command: options.command,
    seed: options.seed,
    verdict: reports.every(meetsExpectation) ? 'pass' : 'fail',
    scenarios: reports,
    counts,
    rates: { crashesPerSecond: Math.round((counts.crashes / seconds) * 10) / 10, crashStatesPerSecond: Math.round((counts.crashStates / seconds) * 10) / 10 },
    durationMs,
    engine: options.engineLabel,
    replay: options.replay,
    ...(budget === undefined ? {} : { budget }),
    ...(options.shard === undefined ? {} : { shard: formatShard(options.shard) }),
  };
}
