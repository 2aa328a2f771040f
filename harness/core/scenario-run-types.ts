/**
 * The options every scenario runner takes and the progress it reports.
 */
import type { CampaignCounts, ScenarioReport } from '../../reports/report-types.js';
import type { Scenario } from './scenario.js';

/** Shard `index` of `count`: the runs whose index mod count == index (a slice of a larger campaign). */
export interface CampaignShard {
  readonly index: number;
  readonly count: number;
}

/** Options of running one scenario. */
export interface ScenarioRunOptions {
  /** The scenario's own seed (derived from the campaign seed and its name). */
  readonly seed: number;
  /** Overrides the scenario's `budget.runs`. */
  readonly runs?: number;
  /** Stop starting new runs (and shrinking) after this long. */
  readonly timeBudgetMs?: number;
  /** Only runs with index mod count == index (a shard of a larger campaign). */
  readonly shard?: CampaignShard;
  /** Flags to repeat in replay commands (an `--engine` override, say). */
  readonly replayFlags?: readonly (readonly [string, string])[];
  /** Called whenever counts change (progress bars). */
  readonly onProgress?: (counts: CampaignCounts) => void;
  /** Recoveries run at once (`--jobs`); reports do not depend on it. @defaultValue 1 */
  readonly jobs?: number;
  /** False: recover every crash state of an outside engine in a fresh child, even when it offers `reopen` (`--no-reopen`). @defaultValue true */
  readonly reopen?: boolean;
  /** Add where the time went (`--budget-report`) to the scenario's report. */
  readonly budgetReport?: boolean;
}

/** Runs a scenario and reports it. */
export type ScenarioRunner = (scenario: Scenario, options: ScenarioRunOptions) => Promise<ScenarioReport>;

/** A run index belongs to the shard. */
export function inShard(runIndex: number, shard: ScenarioRunOptions['shard']): boolean {
  return shard === undefined || runIndex % shard.count === shard.index;
}

/** Mutable counts while a scenario runs. */
export interface CountsAccumulator {
  runs: number;
  crashes: number;
  crashStates: number;
  commitsAcked: number;
  boundariesChecked?: number;
  distinctStatesRecovered?: number;
}

/** Fresh zero counts. */
export function zeroCounts(): CountsAccumulator {
  return { runs: 0, crashes: 0, crashStates: 0, commitsAcked: 0 };
}
