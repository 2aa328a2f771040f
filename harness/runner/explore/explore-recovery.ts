/**
 * Crash during recovery, in explore mode: from a crash state that passed (a
 * seeded sample of those that kept unsynced work, where recovery has
 * something to repair), the engine recovers under the shim, so recovery
 * itself is traced, and goes on with a short follow-on workload; then every
 * boundary of that second trace is a crash state too, built on top of the
 * first one. That checks crash, recover partially, crash again, recover, and
 * also a crash after commits that went in after a repair (a torn tail left in
 * place, or zeroed without a sync, shows only then).
 *
 * The follow-on run injects no faults (the scenario's fault targets count
 * operations of its own run) and its history starts from what recovery made
 * of the first state, as a live cycle's does.
 */
import type { Scenario } from '../../core/scenario.js';
import { runInChild } from '../../core/child-traced-run.js';
import type { CrashStateRecoverer } from '../../core/recover-crash-state.js';
import { historyFromTrace, type TracedRun } from '../../core/traced-history.js';
import type { CrashModel } from '../../crash-state/crash-models.js';
import type { CrashState } from '../../crash-state/crash-state.js';
import type { CommitHistory } from '../../oracle/commit-history.js';
import { createRandom } from '../../random/random.js';
import { generateWorkload } from '../../workload/generate-workload.js';
import type { Workload } from '../../workload/workload-types.js';
import { exploreTrace, type ExploreTraceOptions, type ExploreTraceResult, type RecoveredCandidate } from './explore-trace.js';
import { runInProcess } from './in-process-run.js';
import type { TracedChildPool } from '../../core/traced-child-pool.js';

/** Crash states per explored run whose recovery run is explored too. */
export const RECOVERY_RUNS_PER_EXPLORATION = 1;
/** Operations of the follow-on workload after recovery. */
export const FOLLOW_ON_OPERATIONS = 4;
/** Transaction ids of the follow-on workload start here, above any explore workload's. */
export const FOLLOW_ON_FIRST_TX = 1_000_001;

/** The follow-on workload after recovering the state at `boundary` under `model`: drawn from the seed, the same on replay. */
export function followOnWorkload(scenario: Scenario, seed: number, boundary: number, model: CrashModel): Workload {
  const workloadSeed = createRandom(seed).fork(`recovery/${boundary}/${model}`).nextUint32();
  return generateWorkload(workloadSeed, { ...scenario.workload, operationCount: FOLLOW_ON_OPERATIONS, clients: 1, checkpointFraction: 0, firstTx: FOLLOW_ON_FIRST_TX });
}

/** The traced recovery of `state` followed by `workload` (in process for the reference engine, a closed child otherwise). */
export async function traceRecoveryRun(scenario: Scenario, state: CrashState, workload: Workload, seed: number, pool?: TracedChildPool): Promise<TracedRun> {
  if (scenario.engine.kind === 'reference') return runInProcess({ workload, engineOptions: scenario.engine.options, seed, base: state });
  return runInChild({ launch: scenario.engine, workload, seed, base: state, ending: 'close', ...(pool === undefined ? {} : { pool }) });
}

/** What exploring one recovery run found. */
export interface RecoveryExploration {
  /** The crash state recovery started from. */
  readonly first: CrashState;
  readonly run: TracedRun;
  readonly history: CommitHistory;
  readonly result: ExploreTraceResult;
}

/** Options of `exploreRecoveryRun`. */
export interface RecoveryRunOptions {
  readonly seed: number;
  readonly recover: CrashStateRecoverer;
  readonly confirm?: ExploreTraceOptions['confirm'];
  readonly jobs?: number;
  readonly budget?: ExploreTraceOptions['budget'];
  readonly stopAtFirstViolation?: boolean;
  readonly onState?: () => void;
  readonly deadlineMs?: number;
  /** Reuses a traced child through `reopen` (engines outside unplug's process). */
  readonly pool?: TracedChildPool;
}

/** Recovers `candidate` under the shim, runs the follow-on workload, and checks a crash at every boundary of that run. */
export async function exploreRecoveryRun(scenario: Scenario, candidate: RecoveredCandidate, options: RecoveryRunOptions): Promise<RecoveryExploration> {
  const first = candidate.state;
  const workload = followOnWorkload(scenario, options.seed, first.operationIndex, first.model);
  // The recovery run's trace is tracing too: without it the budget report would leave half the child starts out.
  const trace = (): Promise<TracedRun> => traceRecoveryRun(scenario, first, workload, options.seed, options.pool);
  const run = options.budget === undefined ? await trace() : await options.budget.timeAsync('tracing', trace);
  const history = historyFromTrace(run.records, run.commits, new Map(candidate.entries));
  const result = await exploreTrace({
    records: run.records,
    history,
    models: scenario.models,
    seed: options.seed,
    recover: options.recover,
    ...(options.confirm === undefined ? {} : { confirm: options.confirm }),
    ...(options.jobs === undefined ? {} : { jobs: options.jobs }),
    ...(options.budget === undefined ? {} : { budget: options.budget }),
    base: first.files,
    baseDirectories: first.directories,
    // The run continues in the world the state came from: its crashes follow the same metadata model.
    metadataModels: [first.metadata ?? 'strict'],
    boundaryStride: scenario.budget.boundaryStride ?? 1,
    ...(options.stopAtFirstViolation === undefined ? {} : { stopAtFirstViolation: options.stopAtFirstViolation }),
    ...(options.onState === undefined ? {} : { onState: options.onState }),
    ...(options.deadlineMs === undefined ? {} : { deadlineMs: options.deadlineMs }),
  });
  return { first, run, history, result };
}
