/**
 * One exploration: a traced run of a workload (in process for the reference
 * engine, a closed child for any other), then every boundary under every model.
 */
import type { CrashModel } from '../../crash-state/crash-models.js';
import type { CommitHistory } from '../../oracle/commit-history.js';
import type { Workload } from '../../workload/workload-types.js';
import { runInChild } from '../../core/child-traced-run.js';
import { exploreTrace, type ExploreTraceOptions, type ExploreTraceResult } from './explore-trace.js';
import type { TracedRun } from '../../core/traced-history.js';
import { exploreRecoveryRun, RECOVERY_RUNS_PER_EXPLORATION, type RecoveryExploration } from './explore-recovery.js';
import { runInProcess } from './in-process-run.js';
import type { CrashStateRecoverer } from '../../core/recover-crash-state.js';
import type { Scenario } from '../../core/scenario.js';
import { runFaultSeed } from '../../core/fault-census.js';
import { historyFromTrace } from '../../core/traced-history.js';
import type { BudgetAccumulator } from '../../recovery-pool/budget-report.js';
import type { TracedChildPool } from '../../core/traced-child-pool.js';

/** The traced run of `workload` for `scenario`, run `runIndex` of a scenario seeded `seed` (its fault stream is the run's own). */
export async function traceWorkload(scenario: Scenario, workload: Workload, seed: number, runIndex: number, pool?: TracedChildPool): Promise<TracedRun> {
  const faults = scenario.faults ?? [];
  const faultSeed = runFaultSeed(seed, runIndex);
  if (scenario.engine.kind === 'reference') return runInProcess({ workload, engineOptions: scenario.engine.options, faults, seed: faultSeed });
  return runInChild({ launch: scenario.engine, workload, faults, seed: faultSeed, ending: 'close', ...(pool === undefined ? {} : { pool }) });
}

/** What exploring one workload produced. */
export interface WorkloadExploration {
  /** The crash-state models the exploration checked. */
  readonly models: readonly CrashModel[];
  readonly run: TracedRun;
  readonly history: CommitHistory;
  readonly result: ExploreTraceResult;
  /** Recovery runs explored from sampled states that passed (none once the trace itself failed). */
  readonly recoveries: readonly RecoveryExploration[];
}

/** True when the exploration found a violation, in the trace or in a recovery run. */
export function foundViolation(exploration: WorkloadExploration): boolean {
  return exploration.result.findings.length > 0 || exploration.recoveries.some((recovery) => recovery.result.findings.length > 0);
}

/** Boundaries checked by the exploration, its recovery runs included. */
export function boundariesChecked(exploration: WorkloadExploration): number {
  return exploration.recoveries.reduce((sum, recovery) => sum + recovery.result.boundaries, exploration.result.boundaries);
}

/** The crash states the engine recovered in an exploration, recovery runs included (the others reused a recovery). */
export function distinctStatesRecovered(exploration: WorkloadExploration): number {
  return exploration.recoveries.reduce((sum, recovery) => sum + recovery.result.distinctStatesRecovered, exploration.result.distinctStatesRecovered);
}

/** Traces `workload` and explores every boundary of the trace. */
export async function exploreWorkload(
  scenario: Scenario,
  workload: Workload,
  seed: number,
  runIndex: number,
  recover: CrashStateRecoverer,
  options: {
    readonly stopAtFirstViolation?: boolean;
    readonly onState?: () => void;
    readonly deadlineMs?: number;
    readonly jobs?: number;
    readonly budget?: BudgetAccumulator;
    readonly confirm?: ExploreTraceOptions['confirm'];
    /** Reuses a traced child through `reopen` for the traced runs (engines outside unplug's process). */
    readonly pool?: TracedChildPool;
  } = {},
): Promise<WorkloadExploration> {
  const trace = (): Promise<TracedRun> => traceWorkload(scenario, workload, seed, runIndex, options.pool);
  const run = options.budget === undefined ? await trace() : await options.budget.timeAsync('tracing', trace);
  const history = historyFromTrace(run.records, run.commits, new Map());
  const result = await exploreTrace({
    records: run.records,
    history,
    models: scenario.models,
    ...(scenario.metadata === undefined ? {} : { metadataModels: scenario.metadata }),
    seed,
    recover,
    boundaryStride: scenario.budget.boundaryStride ?? 1,
    ...(options.stopAtFirstViolation === undefined ? {} : { stopAtFirstViolation: options.stopAtFirstViolation }),
    ...(options.onState === undefined ? {} : { onState: options.onState }),
    ...(options.deadlineMs === undefined ? {} : { deadlineMs: options.deadlineMs }),
    ...(options.jobs === undefined ? {} : { jobs: options.jobs }),
    ...(options.budget === undefined ? {} : { budget: options.budget }),
    ...(options.confirm === undefined ? {} : { confirm: options.confirm }),
    recoveryCandidates: scenario.budget.recoveryRuns ?? RECOVERY_RUNS_PER_EXPLORATION,
  });
  const recoveries: RecoveryExploration[] = [];
  if (result.findings.length === 0 && !result.cutByDeadline) {
    for (const candidate of result.recoveryCandidates) {
      const recovery = await exploreRecoveryRun(scenario, candidate, { seed, recover, ...options });
      recoveries.push(recovery);
      if (recovery.result.findings.length > 0 && options.stopAtFirstViolation === true) break;
    }
  }
  return { models: scenario.models, run, history, result, recoveries };
}
