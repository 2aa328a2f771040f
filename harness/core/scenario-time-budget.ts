/**
 * Every scenario run has a time budget, given or not. An engine outside this
 * process recovers each crash state in a fresh child (a few tenths of a second
 * each), so exhaustive exploration and fast-check shrinking, harmless for the
 * in-process reference engine, could otherwise run for tens of minutes. The
 * budget is split: the search (runs and workload shrinking) gets most of it,
 * and the rest is kept for what a found violation still needs (the census of
 * its boundaries, shrinking its surviving writes), so a violation found late
 * is still reported well.
 */
import type { EngineLaunch } from '../engine-client/engine-launch.js';

/** Per-scenario budgets when the user gives no `--time`. */
export const DEFAULT_SCENARIO_TIME_BUDGET_MS = Object.freeze({
  /** In-process recovery: the default campaign takes about 5 s; this only guards a slow machine. */
  reference: 60_000,
  /** One child per crash state: about 100 to 200 crash states. */
  command: 25_000,
});

/** The share of the budget the search may use before the reporting phase's share begins. */
export const SEARCH_SHARE_OF_BUDGET = 0.8;

/** The deadlines of one scenario run, on the `performance.now()` clock. */
export interface ScenarioTimeBudget {
  readonly budgetMs: number;
  /** Runs and workload shrinking stop here. */
  readonly searchDeadlineMs: number;
  /** Everything stops here (the census and mask shrinking of a found violation included). */
  readonly deadlineMs: number;
}

/** The budget of a scenario run on `engine`: `budgetMs` when given, the engine's default otherwise. */
export function scenarioTimeBudget(engine: EngineLaunch, budgetMs: number | undefined, startedMs: number): ScenarioTimeBudget {
  const budget = budgetMs ?? DEFAULT_SCENARIO_TIME_BUDGET_MS[engine.kind === 'reference' ? 'reference' : 'command'];
  return { budgetMs: budget, searchDeadlineMs: startedMs + budget * SEARCH_SHARE_OF_BUDGET, deadlineMs: startedMs + budget };
}

/** True once `deadlineMs` (a `performance.now()` time) has passed. */
export function isPast(deadlineMs: number | undefined): boolean {
  return deadlineMs !== undefined && performance.now() >= deadlineMs;
}
