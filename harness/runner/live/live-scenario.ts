/**
 * Live mode: runs of crash-cycle chains (live-run.ts), two at a time, one per
 * core; then the first failing run (lowest index) is shrunk to a shorter replay
 * line that still fails (shrink-live-run.ts) with what is left of the time
 * budget. The budget (the scenario's default when none is given) is checked
 * before each cycle, so a run overshoots it by at most one cycle; a replay
 * (`target`) runs regardless and is not shrunk.
 */
import type { ScenarioReport, Violation } from '../../../reports/report-types.js';
import { buildScenarioReport } from '../../core/build-scenario-report.js';
import { createRecoverer } from '../../core/recover-crash-state.js';
import { askedFaultKinds, FaultTally } from '../../core/fault-census.js';
import { describeCoverage } from '../../core/scenario-coverage.js';
import { scenarioTimeBudget } from '../../core/scenario-time-budget.js';
import type { Scenario } from '../../core/scenario.js';
import { inShard, zeroCounts, type ScenarioRunOptions } from '../../core/scenario-run-types.js';
import { ViolationSample } from '../../core/violation-sample.js';
import { operationsToFailure, runLiveRun, type LiveRunContext, type LiveRunResult, type LiveRunTarget } from './live-run.js';
import { shrinkLiveRun } from './shrink-live-run.js';

/** Live runs in parallel: one per core of the machines this runs on. */
export const LIVE_RUNS_IN_PARALLEL = 2;

/** Runs a live scenario and reports it. */
export async function runLiveScenario(scenario: Scenario, options: ScenarioRunOptions, target?: LiveRunTarget): Promise<ScenarioReport> {
  const started = performance.now();
  const budget = scenarioTimeBudget(scenario.engine, options.timeBudgetMs, started);
  const deadline = target === undefined ? budget.deadlineMs : Infinity;
  const counts = zeroCounts();
  const cycles = scenario.budget.cyclesPerRun ?? 3;
  const runs = options.runs ?? scenario.budget.runs;
  const faultTally = new FaultTally();
  const context: LiveRunContext = {
    scenario,
    seed: options.seed,
    recover: createRecoverer(scenario.engine),
    replayFlags: options.replayFlags ?? [],
    deadlineMs: deadline,
    onCycle: (result) => {
      faultTally.addTrace(result.records);
      counts.crashes += 1;
      counts.crashStates += result.statesChecked;
      counts.commitsAcked += result.commitsAcknowledged;
      options.onProgress?.({ ...counts });
    },
  };

  const indexes = target !== undefined ? [target.runIndex] : Array.from({ length: runs }, (_, index) => index).filter((index) => inShard(index, options.shard));
  const results: LiveRunResult[] = [];
  let nextIndex = 0;
  const worker = async (): Promise<void> => {
    while (nextIndex < indexes.length && performance.now() < deadline) {
      const runIndex = indexes[nextIndex++];
      if (runIndex === undefined) continue;
      counts.runs += 1;
      results.push(await runLiveRun(context, target ?? { runIndex }));
    }
  };
  await Promise.all(Array.from({ length: Math.min(LIVE_RUNS_IN_PARALLEL, indexes.length) }, worker));
  // Reported in run order, whatever order the parallel runs finished in.
  results.sort((left, right) => left.runIndex - right.runIndex);

  const first = results.find((result) => result.failingCycle !== undefined);
  // Shrink reruns count as cycles in the progress, not in the campaign's figures.
  const shrunk = first === undefined || target !== undefined ? undefined : await shrinkLiveRun(first, (candidate) => runLiveRun({ ...context, onCycle: undefined, deadlineMs: Infinity }, candidate), budget.deadlineMs);
  const sample = new ViolationSample();
  for (const result of results) {
    if (result === first && shrunk !== undefined) {
      const note = `shrunk from ${operationsToFailure(first)} to ${operationsToFailure(shrunk.result)} operations in ${shrunk.attempts} reruns`;
      for (const violation of shrunk.result.violations) sample.add(withShrinkNote(violation, note));
    } else for (const violation of result.violations) sample.add(violation);
  }

  const cyclesSkipped = results.reduce((sum, result) => sum + result.cyclesSkipped, 0);
  const runsNotStarted = indexes.length - counts.runs;
  const coverage = describeCoverage({
    timeBudgetMs: budget.budgetMs,
    runsPlanned: indexes.length,
    runsDone: counts.runs,
    cyclesPlanned: counts.crashes + cyclesSkipped + runsNotStarted * cycles,
    cyclesRun: counts.crashes,
    ...(shrunk === undefined ? {} : { shrinkAttempts: shrunk.attempts, shrinkCutByTimeBudget: shrunk.cut && performance.now() >= budget.deadlineMs }),
    faultsAsked: askedFaultKinds(scenario),
    faultsInjected: faultTally.counts,
  });
  return buildScenarioReport(scenario, options, { command: 'crash', sample, counts, startedMs: started, coverage, faultsInjected: faultTally.counts });
}

/** The violation with the shrink noted where its crash point is described. */
function withShrinkNote(violation: Violation, note: string): Violation {
  const description = `${violation.crashPoint.description} (${note})`;
  return { ...violation, message: violation.message.replace(violation.crashPoint.description, description), crashPoint: { ...violation.crashPoint, description } };
}
