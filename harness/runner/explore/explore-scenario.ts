/**
 * Explore mode driven by fast-check: each run is a workload drawn from
 * `workloadArbitrary`, traced once and checked at every operation boundary
 * under every model. When a run fails, fast-check shrinks the workload (fewer
 * operations, smaller values), the earliest failing boundary is the crash
 * point, and the surviving writes are shrunk greedily to a minimal mask. The
 * counterexample's fast-check seed and path, the boundary, the model and the
 * mask make `unplug replay` reproduce it exactly (in-process runs are
 * deterministic).
 *
 * Everything is bounded by the scenario's time budget (`scenario-time-budget.ts`):
 * runs and workload shrinking by the search deadline, the census and mask
 * shrinking of the counterexample by the final one. fast-check's own time limit
 * abandons an asynchronous predicate rather than stopping it, so every
 * exploration also watches the deadline itself, and the runner waits for the
 * last one to stop before it reports: no exploration outlives the scenario.
 */
import fc from 'fast-check';
import type { ScenarioReport } from '../../../reports/report-types.js';
import { formatPersistenceMask } from '../../crash-state/persistence-mask-format.js';
import { toViolation } from '../../oracle/to-violation.js';
import { workloadArbitrary } from '../../workload/workload-arbitrary.js';
import type { Workload } from '../../workload/workload-types.js';
import { buildScenarioReport } from '../../core/build-scenario-report.js';
import { boundariesChecked, distinctStatesRecovered, exploreWorkload, foundViolation, type WorkloadExploration } from './explore-workload.js';
import { BudgetAccumulator } from '../../recovery-pool/budget-report.js';
import { createExploreRecoverer, type ExploreRecoverer } from './explore-recoverer.js';
import { flagsForMetadata, formatReplayCommand } from '../../core/replay-target.js';
import type { Scenario } from '../../core/scenario.js';
import { askedFaultKinds, FaultTally, runIndexOfPath } from '../../core/fault-census.js';
import { describeCoverage } from '../../core/scenario-coverage.js';
import { inShard, zeroCounts, type ScenarioRunOptions } from '../../core/scenario-run-types.js';
import { scenarioTimeBudget } from '../../core/scenario-time-budget.js';
import { shrinkConfirmed } from './shrink-mask.js';
import { describeExploreCrashPoint } from './explore-crash-point.js';
import { ViolationSample } from '../../core/violation-sample.js';
import { buildViolationTimeline } from '../../core/violation-timeline.js';

/** Failing explorations kept while fast-check shrinks (the newest is its counterexample). */
const FAILING_EXPLORATIONS_KEPT = 2;

/** The arbitrary explore mode draws workloads from. */
export function exploreWorkloadArbitrary(scenario: Scenario): fc.Arbitrary<Workload> {
  return workloadArbitrary({ ...scenario.workload, firstTx: 1 });
}

/** True for the same workload (fast-check hands the predicate's own value back; equal content is accepted too). */
function sameWorkload(left: Workload, right: Workload): boolean {
  return left === right || JSON.stringify(left) === JSON.stringify(right);
}

/** A failing exploration, with its fast-check path when it failed outside shrinking. */
interface FailingExploration {
  readonly workload: Workload;
  readonly exploration: WorkloadExploration;
  readonly path?: string;
}

/** Runs an explore scenario and reports it. */
export async function runExploreScenario(scenario: Scenario, options: ScenarioRunOptions): Promise<ScenarioReport> {
  const started = performance.now();
  const budget = scenarioTimeBudget(scenario.engine, options.timeBudgetMs, started);
  const jobs = options.jobs ?? 1;
  const recoverer = createExploreRecoverer(scenario.engine, { jobs, seed: options.seed, ...(options.reopen === undefined ? {} : { reopen: options.reopen }) });
  try {
    return await exploreWithRecoverer(scenario, options, recoverer, { started, budget, jobs });
  } finally {
    await recoverer.close();
  }
}

/** The body of `runExploreScenario`, with the recoverer it closes afterwards. */
async function exploreWithRecoverer(
  scenario: Scenario,
  options: ScenarioRunOptions,
  recoverer: ExploreRecoverer,
  setup: { readonly started: number; readonly budget: ReturnType<typeof scenarioTimeBudget>; readonly jobs: number },
): Promise<ScenarioReport> {
  const { started, budget, jobs } = setup;
  const { recover, confirm } = recoverer;
  const counts = { ...zeroCounts(), boundariesChecked: 0, distinctStatesRecovered: 0 };
  const timeSpent = new BudgetAccumulator(jobs);
  const sample = new ViolationSample();
  const runs = options.runs ?? scenario.budget.runs;
  const replayFlags = options.replayFlags ?? [];
  const search = { drawn: 0, runsDone: 0, boundariesExplored: 0, boundariesSkipped: 0, shrinkAttempts: 0 };
  const faultTally = new FaultTally();
  /** The run whose failure fast-check is shrinking. */
  let failingRunIndex = 0;
  const failing: FailingExploration[] = [];
  /** An error that is not a verdict (an engine that will not start, a bug of ours): rethrown after the check. */
  let error: { readonly thrown: unknown } | undefined;

  const explore = async (workload: Workload): Promise<boolean> => {
    // After an error every candidate passes at once, so fast-check ends instead of shrinking it.
    if (error !== undefined) return true;
    const shrinking = failing.length > 0;
    // A shrunk workload is retraced with the fault stream of the run that failed.
    const runIndex = shrinking ? failingRunIndex : search.drawn;
    if (!shrinking) {
      search.drawn += 1;
      // Shards split the drawn workloads; fast-check still draws them all so the seed means the same.
      if (!inShard(runIndex, options.shard)) return true;
    }
    let exploration: WorkloadExploration;
    try {
      exploration = await exploreWorkload(scenario, workload, options.seed, runIndex, recover, {
        stopAtFirstViolation: true,
        onState: () => (counts.crashStates += 1),
        deadlineMs: budget.searchDeadlineMs,
        jobs,
        budget: timeSpent,
        confirm,
        ...(recoverer.pool === undefined ? {} : { pool: recoverer.pool }),
      });
    } catch (thrown) {
      error = { thrown };
      return false;
    }
    const { result } = exploration;
    counts.crashes += boundariesChecked(exploration);
    counts.boundariesChecked += boundariesChecked(exploration);
    counts.distinctStatesRecovered += distinctStatesRecovered(exploration);
    counts.commitsAcked += exploration.history.commits.filter((commit) => commit.status === 'acknowledged').length;
    if (shrinking) search.shrinkAttempts += 1;
    else {
      faultTally.addTrace(exploration.run.records);
      counts.runs += 1;
      search.runsDone += 1;
      search.boundariesExplored += result.boundaries;
      if (result.cutByDeadline) search.boundariesSkipped += result.boundariesPlanned - result.boundaries;
    }
    options.onProgress?.({ ...counts });
    if (!foundViolation(exploration)) return true;
    if (!shrinking) failingRunIndex = runIndex;
    failing.push({ workload, exploration, ...(shrinking ? {} : { path: String(runIndex) }) });
    failing.splice(0, Math.max(0, failing.length - FAILING_EXPLORATIONS_KEPT));
    return false;
  };

  let inFlight: Promise<unknown> = Promise.resolve();
  const property = fc.asyncProperty(exploreWorkloadArbitrary(scenario), (workload) => {
    const run = explore(workload);
    inFlight = run.catch(() => undefined);
    return run;
  });
  const details = await fc.check(property, {
    seed: options.seed,
    numRuns: runs,
    interruptAfterTimeLimit: Math.max(1, Math.floor(budget.searchDeadlineMs - performance.now())),
    markInterruptAsFailure: false,
  });
  // fast-check stops waiting at its time limit; the exploration it left stops at the same deadline.
  await inFlight;
  if (error !== undefined) throw error.thrown;

  // fast-check's shrunk counterexample; or a failure the last, interrupted run found, unshrunk.
  const counterexample = details.failed ? details.counterexample?.[0] : undefined;
  const failed = counterexample !== undefined ? failing.find((entry) => sameWorkload(entry.workload, counterexample)) : failing.find((entry) => entry.path !== undefined);
  const workload = counterexample ?? failed?.workload;
  const path = counterexample !== undefined ? (details.counterexamplePath ?? '') : failed?.path;
  const shrinkState = counterexample === undefined ? 'not shrunk' : details.interrupted ? 'partly shrunk' : 'shrunk';
  let mask: { attempts: number; cut: boolean } | undefined;
  if (workload !== undefined && path !== undefined) {
    // The census of every boundary gets half of what is left; shrinking the mask gets the rest.
    const censusDeadlineMs = performance.now() + Math.max(0, budget.deadlineMs - performance.now()) / 2;
    const census = await exploreWorkload(scenario, workload, options.seed, runIndexOfPath(path), recover, { deadlineMs: censusDeadlineMs, jobs, confirm, ...(recoverer.pool === undefined ? {} : { pool: recoverer.pool }) });
    // Outside this process a retrace may differ or be cut before its failing boundary: keep the failing run then.
    const exploration = foundViolation(census) || failed === undefined ? census : failed.exploration;
    const first = exploration.result.findings[0];
    const shrunk = first === undefined ? undefined : await shrinkConfirmed(exploration, first, recoverer, budget.deadlineMs);
    if (shrunk !== undefined) mask = { attempts: shrunk.attempts, cut: shrunk.cutByDeadline };
    for (const found of exploration.result.findings) {
      const isFirst = found === first && shrunk !== undefined;
      const maskText = formatPersistenceMask(isFirst ? shrunk.mask : found.state.mask);
      const replay = formatReplayCommand({ mode: 'explore', scenario: scenario.name, seed: options.seed, path, boundary: found.boundary, model: found.model, mask: maskText }, flagsForMetadata(replayFlags, found.state.metadata));
      sample.add(
        toViolation(isFirst ? shrunk.finding : found.finding, {
          faultModel: found.model,
          seed: options.seed,
          crashPoint: { operationIndex: found.boundary, description: describeExploreCrashPoint(found.boundary, workload.operations.length, shrinkState) },
          mask: maskText,
          replay,
          state: found.state,
          // The shrunk counterexample carries the story of the crash for the HTML report.
          ...(isFirst ? { timeline: buildViolationTimeline(exploration.run.records, found.boundary, found.model) } : {}),
        }),
      );
    }
    // A crash during (or after) the recovery of a state that passed: replayed through that state.
    for (const { first, run, result } of exploration.recoveries) {
      for (const [index, found] of result.findings.entries()) {
        const firstState = { mode: 'explore', scenario: scenario.name, seed: options.seed, path, boundary: first.operationIndex, model: first.model, mask: formatPersistenceMask(first.mask) } as const;
        const maskText = formatPersistenceMask(found.state.mask);
        sample.add(
          toViolation(found.finding, {
            faultModel: found.model,
            seed: options.seed,
            crashPoint: { operationIndex: found.boundary, description: `at operation ${found.boundary} of the recovery run from the ${first.model} crash state at operation ${first.operationIndex} (${shrinkState})` },
            mask: maskText,
            replay: formatReplayCommand({ ...firstState, recovery: { boundary: found.boundary, model: found.model, mask: maskText } }, flagsForMetadata(replayFlags, first.metadata)),
            state: found.state,
            ...(index === 0 ? { timeline: buildViolationTimeline(run.records, found.boundary, found.model) } : {}),
          }),
        );
      }
    }
  }
  const runsInShard = Array.from({ length: runs }, (_, index) => index).filter((index) => inShard(index, options.shard)).length;
  const coverage = describeCoverage({
    timeBudgetMs: budget.budgetMs,
    // A failure ends the search by design; only a search the budget stopped left runs undone.
    runsPlanned: counterexample !== undefined ? search.runsDone : runsInShard,
    runsDone: search.runsDone,
    boundariesExplored: search.boundariesExplored,
    boundariesSkipped: search.boundariesSkipped,
    ...(workload === undefined ? {} : { shrinkAttempts: search.shrinkAttempts, shrinkCutByTimeBudget: counterexample === undefined || details.interrupted }),
    ...(mask === undefined ? {} : { maskShrinkAttempts: mask.attempts, maskShrinkCutByTimeBudget: mask.cut }),
    faultsAsked: askedFaultKinds(scenario),
    faultsInjected: faultTally.counts,
  });
  return buildScenarioReport(scenario, options, {
    command: 'explore',
    sample,
    counts,
    startedMs: started,
    coverage,
    faultsInjected: faultTally.counts,
    ...(options.budgetReport === true ? { budget: timeSpent.report() } : {}),
  });
}
