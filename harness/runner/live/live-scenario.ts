/**
 * Live mode: each run is a fresh data directory and a chain of crash cycles
 * (spawn, drive, SIGKILL, check, continue from one of the checked states),
 * since some bugs need a second crash to show. Runs are independent and two run
 * at a time, one per core. The crash point of each cycle is drawn from the
 * seed: an operation index (the shim kills the engine itself, replayably), or
 * the end of the workload; from the second cycle on, sometimes one of the
 * restart's first operations, so the child dies while it recovers; and
 * sometimes a wall-clock time after the engine is ready, wherever it is then
 * (the replay line then names the operation the kill came at). The time budget (the scenario's default when none
 * is given) is checked before each cycle, so a run overshoots it by at most one
 * cycle; a replay (`target`) runs regardless.
 */
import type { ScenarioReport } from '../../../reports/report-types.js';
import type { CrashState } from '../../crash-state/crash-state.js';
import { formatPersistenceMask } from '../../crash-state/persistence-mask-format.js';
import { toViolation } from '../../oracle/to-violation.js';
import { createRandom } from '../../random/random.js';
import { generateWorkload } from '../../workload/generate-workload.js';
import { buildScenarioReport } from '../../core/build-scenario-report.js';
import { runLiveCycle } from './live-cycle.js';
import { createRecoverer } from '../../core/recover-crash-state.js';
import { askedFaultKinds, FaultTally, runFaultSeed } from '../../core/fault-census.js';
import { describeCoverage } from '../../core/scenario-coverage.js';
import { scenarioTimeBudget } from '../../core/scenario-time-budget.js';
import { formatReplayCommand } from '../../core/replay-target.js';
import type { Scenario } from '../../core/scenario.js';
import { inShard, zeroCounts, type ScenarioRunOptions } from '../../core/scenario-run-types.js';
import { ViolationSample } from '../../core/violation-sample.js';
import { buildViolationTimeline } from '../../core/violation-timeline.js';

/** Live runs in parallel: one per core of the machines this runs on. */
export const LIVE_RUNS_IN_PARALLEL = 2;
/** Transaction ids of cycle c start at c * this + 1, so values stay unique along a chain. */
const TX_STRIDE_PER_CYCLE = 1_000_000;
/** One cycle in this many ends at the end of its workload instead of at a drawn operation. */
const END_OF_WORKLOAD_ONE_IN = 4;
/** From the second cycle on, one cycle in this many kills the restarted engine at one of its first operations: while it recovers. */
const KILL_DURING_RECOVERY_ONE_IN = 4;
/** The operations such a kill is drawn from (a restart's first operations are its recovery's repairs). */
const RECOVERY_KILL_OPERATIONS = 4;
/** One kill at a drawn operation in this many comes instead at a drawn wall-clock time after the engine is ready. */
const TIMED_KILL_ONE_IN = 3;
/** A first guess of how long a cycle's workload runs, until a cycle that ran to the end says; timed kills are drawn below it. */
const FIRST_WORKLOAD_DURATION_ESTIMATE_MS = 200;

/** Options of one live run (also what `unplug replay` reruns). */
export interface LiveRunTarget {
  readonly runIndex: number;
  /** Stop after this cycle (replay). */
  readonly lastCycle?: number;
  /** Cycles whose wall-clock kill is replayed as a kill at the operation it came at. */
  readonly timedKills?: readonly (readonly [cycle: number, operations: number])[];
}

/** The seed of run `runIndex` of a scenario seeded `seed`. */
export function liveRunSeed(seed: number, runIndex: number): number {
  return createRandom(seed).fork(`run/${runIndex}`).nextUint32();
}

/** Runs a live scenario and reports it. */
export async function runLiveScenario(scenario: Scenario, options: ScenarioRunOptions, target?: LiveRunTarget): Promise<ScenarioReport> {
  const started = performance.now();
  const budget = scenarioTimeBudget(scenario.engine, options.timeBudgetMs, started);
  const deadline = target === undefined ? budget.deadlineMs : Infinity;
  /** Cycles the budget stopped in runs it had started. */
  let cyclesSkipped = 0;
  const counts = zeroCounts();
  const sample = new ViolationSample();
  const recover = createRecoverer(scenario.engine);
  const cycles = scenario.budget.cyclesPerRun ?? 3;
  const runs = options.runs ?? scenario.budget.runs;
  const replayFlags = options.replayFlags ?? [];
  const faultTally = new FaultTally();

  const runOne = async (runIndex: number): Promise<void> => {
    const runSeed = liveRunSeed(options.seed, runIndex);
    const random = createRandom(runSeed);
    let base: CrashState | undefined;
    let initialEntries: ReadonlyMap<string, string> = new Map();
    // Operations of a whole cycle, learnt from cycles that ran to the end; a first guess until then.
    let operationsEstimate = scenario.workload.operationCount * 4 + 16;
    let durationEstimateMs = FIRST_WORKLOAD_DURATION_ESTIMATE_MS;
    /** Cycles of this run killed at a wall-clock time, and the operations their traces held. */
    const timedKills: [number, number][] = [];
    counts.runs += 1;
    for (let cycle = 0; cycle < cycles; cycle += 1) {
      if (performance.now() >= deadline) {
        cyclesSkipped += cycles - cycle;
        return;
      }
      const cycleSeed = random.fork(`cycle/${cycle}`).nextUint32();
      const cycleRandom = createRandom(cycleSeed);
      const workload = generateWorkload(cycleSeed, { ...scenario.workload, firstTx: cycle * TX_STRIDE_PER_CYCLE + 1 });
      const drawn = cycleRandom.nextInt(END_OF_WORKLOAD_ONE_IN) === 0 ? undefined : cycleRandom.nextInt(operationsEstimate);
      const duringRecovery = base !== undefined && cycleRandom.nextInt(KILL_DURING_RECOVERY_ONE_IN) === 0;
      const timed = drawn !== undefined && !duringRecovery && cycleRandom.nextInt(TIMED_KILL_ONE_IN) === 0;
      const killAfterMs = timed ? cycleRandom.nextInt(Math.max(1, Math.round(durationEstimateMs))) : undefined;
      // A replay kills a timed cycle where its trace says the kill came, so the chain is rebuilt as it was.
      const replayedKill = target?.timedKills?.find(([timedCycle]) => timedCycle === cycle)?.[1];
      const crashAfterOperation = replayedKill !== undefined ? Math.max(0, replayedKill - 1) : duringRecovery ? cycleRandom.nextInt(RECOVERY_KILL_OPERATIONS) : timed ? undefined : drawn;
      const cycleStartedMs = performance.now();
      const result = await runLiveCycle({
        launch: scenario.engine,
        models: scenario.models,
        ...(scenario.metadata === undefined ? {} : { metadataModels: scenario.metadata }),
        ...(scenario.faults === undefined ? {} : { faults: scenario.faults }),
        workload,
        seed: cycleSeed,
        faultSeed: runFaultSeed(options.seed, runIndex, cycle),
        recover,
        ...(base === undefined ? {} : { base }),
        initialEntries,
        ...(crashAfterOperation === undefined ? {} : { crashAfterOperation }),
        ...(killAfterMs === undefined || replayedKill !== undefined ? {} : { killAfterMs }),
      });
      faultTally.addTrace(result.records);
      if (timed) timedKills.push([cycle, result.operations]);
      if (!result.killedByCrashPoint) {
        operationsEstimate = Math.max(8, result.operations);
        durationEstimateMs = performance.now() - cycleStartedMs;
      }
      counts.crashes += 1;
      counts.crashStates += result.statesChecked;
      counts.commitsAcked += result.commitsAcknowledged;
      options.onProgress?.({ ...counts });
      if (target?.lastCycle === undefined || target.lastCycle === cycle) {
        const replay = formatReplayCommand({ mode: 'live', scenario: scenario.name, seed: options.seed, run: runIndex, cycle, timedKills: [...timedKills] }, replayFlags);
        for (const [index, { finding, state, kind }] of result.findings.entries()) {
          sample.add(
            toViolation(finding, {
              faultModel: state.model,
              seed: cycleSeed,
              crashPoint: {
                operationIndex: state.operationIndex,
                description: kind === 'ack' ? `just after an ack, at operation ${state.operationIndex} (run ${runIndex}, cycle ${cycle})` : `at operation ${state.operationIndex}${timed ? ` (killed ${killAfterMs} ms after ready)` : crashAfterOperation === undefined ? ' (end of workload)' : duringRecovery ? ' (killed while recovering)' : ''} (run ${runIndex}, cycle ${cycle})`,
              },
              mask: formatPersistenceMask(state.mask),
              replay,
              state,
              ...(index === 0 ? { timeline: buildViolationTimeline(result.records, state.operationIndex, state.model) } : {}),
            }),
          );
        }
      }
      // A broken state is not a base to build on; a run stops at its first violation.
      if (result.findings.length > 0 || result.next === undefined || target?.lastCycle === cycle) return;
      base = result.next.state;
      initialEntries = result.next.entries;
    }
  };

  const indexes = target !== undefined ? [target.runIndex] : Array.from({ length: runs }, (_, index) => index).filter((index) => inShard(index, options.shard));
  let nextIndex = 0;
  const worker = async (): Promise<void> => {
    while (nextIndex < indexes.length && performance.now() < deadline) {
      const runIndex = indexes[nextIndex++];
      if (runIndex !== undefined) await runOne(runIndex);
    }
  };
  await Promise.all(Array.from({ length: Math.min(LIVE_RUNS_IN_PARALLEL, indexes.length) }, worker));

  const runsNotStarted = indexes.length - counts.runs;
  const coverage = describeCoverage({
    timeBudgetMs: budget.budgetMs,
    runsPlanned: indexes.length,
    runsDone: counts.runs,
    cyclesPlanned: counts.crashes + cyclesSkipped + runsNotStarted * cycles,
    cyclesRun: counts.crashes,
    faultsAsked: askedFaultKinds(scenario),
    faultsInjected: faultTally.counts,
  });
  return buildScenarioReport(scenario, options, { command: 'crash', sample, counts, startedMs: started, coverage, faultsInjected: faultTally.counts });
}
