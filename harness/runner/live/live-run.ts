/**
 * One live run: a fresh data directory and a chain of crash cycles (spawn,
 * drive, SIGKILL, check, continue from one of the checked states), since some
 * bugs need a second crash to show. The crash point of each cycle is drawn
 * from the run's seed: an operation index (the shim kills the engine itself,
 * replayably), or the end of the workload; from the second cycle on,
 * sometimes one of the restart's first operations, so the child dies while it
 * recovers; and sometimes a wall-clock time after the engine is ready,
 * wherever it is then. A target can pin a cycle's kill to an operation count
 * instead (a wall-clock kill replayed where it came, or a kill point the live
 * shrinker chose), so the same seed and pins rebuild the same chain.
 */
import type { Violation } from '../../../reports/report-types.js';
import type { CrashState } from '../../crash-state/crash-state.js';
import { formatPersistenceMask } from '../../crash-state/persistence-mask-format.js';
import { toViolation } from '../../oracle/to-violation.js';
import { createRandom } from '../../random/random.js';
import { generateWorkload } from '../../workload/generate-workload.js';
import { runFaultSeed } from '../../core/fault-census.js';
import type { CrashStateRecoverer } from '../../core/recover-crash-state.js';
import { formatReplayCommand, type ReplayFlags } from '../../core/replay-target.js';
import type { Scenario } from '../../core/scenario.js';
import { buildViolationTimeline } from '../../core/violation-timeline.js';
import { runLiveCycle, type LiveCycleResult } from './live-cycle.js';

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

/** A cycle's pinned kill: kill it once its trace holds this many operations. */
export type PinnedKill = readonly [cycle: number, operations: number];

/** Which run to rerun and how (`unplug replay`, the shrinker). */
export interface LiveRunTarget {
  readonly runIndex: number;
  /** Stop after this cycle. */
  readonly lastCycle?: number;
  /** Cycles killed at a pinned operation count instead of their drawn crash point. */
  readonly kills?: readonly PinnedKill[];
}

/** What a run needs besides its index. */
export interface LiveRunContext {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly recover: CrashStateRecoverer;
  readonly replayFlags: ReplayFlags;
  /** No cycle starts after this (`performance.now()`); Infinity for a replay. */
  readonly deadlineMs: number;
  /** Called after every cycle (counts, fault census). */
  readonly onCycle?: (result: LiveCycleResult) => void;
}

/** What a run did and found. */
export interface LiveRunResult {
  readonly runIndex: number;
  /** The violations of the first cycle that had any (the run stops there). */
  readonly violations: readonly Violation[];
  readonly failingCycle?: number;
  /** Operations each cycle's trace held, in cycle order. */
  readonly cycleOperations: readonly number[];
  /** The pins that rebuild this chain: every wall-clock kill where it came, and the target's own. */
  readonly kills: readonly PinnedKill[];
  /** Cycles the deadline stopped. */
  readonly cyclesSkipped: number;
}

/** The seed of run `runIndex` of a scenario seeded `seed`. */
function liveRunSeed(seed: number, runIndex: number): number {
  return createRandom(seed).fork(`run/${runIndex}`).nextUint32();
}

/** Operations a run traced up to and including its failing cycle: the size the live shrinker reduces. */
export function operationsToFailure(result: LiveRunResult): number {
  if (result.failingCycle === undefined) return Infinity;
  return result.cycleOperations.slice(0, result.failingCycle + 1).reduce((sum, operations) => sum + operations, 0);
}

/** Runs the chain of crash cycles of run `target.runIndex`. */
export async function runLiveRun(context: LiveRunContext, target: LiveRunTarget): Promise<LiveRunResult> {
  const { scenario, seed } = context;
  const { runIndex } = target;
  const random = createRandom(liveRunSeed(seed, runIndex));
  const cycles = target.lastCycle === undefined ? (scenario.budget.cyclesPerRun ?? 3) : target.lastCycle + 1;
  let base: CrashState | undefined;
  let initialEntries: ReadonlyMap<string, string> = new Map();
  // Operations of a whole cycle, learnt from cycles that ran to the end; a first guess until then.
  let operationsEstimate = scenario.workload.operationCount * 4 + 16;
  let durationEstimateMs = FIRST_WORKLOAD_DURATION_ESTIMATE_MS;
  const kills: PinnedKill[] = [];
  const cycleOperations: number[] = [];
  for (let cycle = 0; cycle < cycles; cycle += 1) {
    if (performance.now() >= context.deadlineMs) return { runIndex, violations: [], cycleOperations, kills, cyclesSkipped: cycles - cycle };
    // Every draw is made whether or not a pin overrides it, so later cycles draw the same.
    const cycleSeed = random.fork(`cycle/${cycle}`).nextUint32();
    const cycleRandom = createRandom(cycleSeed);
    const workload = generateWorkload(cycleSeed, { ...scenario.workload, firstTx: cycle * TX_STRIDE_PER_CYCLE + 1 });
    const drawn = cycleRandom.nextInt(END_OF_WORKLOAD_ONE_IN) === 0 ? undefined : cycleRandom.nextInt(operationsEstimate);
    const duringRecovery = base !== undefined && cycleRandom.nextInt(KILL_DURING_RECOVERY_ONE_IN) === 0;
    const timed = drawn !== undefined && !duringRecovery && cycleRandom.nextInt(TIMED_KILL_ONE_IN) === 0;
    const killAfterMs = timed ? cycleRandom.nextInt(Math.max(1, Math.round(durationEstimateMs))) : undefined;
    const pinned = target.kills?.find(([pinnedCycle]) => pinnedCycle === cycle)?.[1];
    const crashAfterOperation = pinned !== undefined ? Math.max(0, pinned - 1) : duringRecovery ? cycleRandom.nextInt(RECOVERY_KILL_OPERATIONS) : timed ? undefined : drawn;
    const cycleStartedMs = performance.now();
    const result = await runLiveCycle({
      launch: scenario.engine,
      models: scenario.models,
      ...(scenario.metadata === undefined ? {} : { metadataModels: scenario.metadata }),
      ...(scenario.faults === undefined ? {} : { faults: scenario.faults }),
      workload,
      seed: cycleSeed,
      faultSeed: runFaultSeed(seed, runIndex, cycle),
      recover: context.recover,
      ...(base === undefined ? {} : { base }),
      initialEntries,
      ...(crashAfterOperation === undefined ? {} : { crashAfterOperation }),
      ...(killAfterMs === undefined || pinned !== undefined ? {} : { killAfterMs }),
    });
    context.onCycle?.(result);
    cycleOperations.push(result.operations);
    if (pinned !== undefined) kills.push([cycle, pinned]);
    else if (timed) kills.push([cycle, result.operations]);
    if (!result.killedByCrashPoint) {
      operationsEstimate = Math.max(8, result.operations);
      durationEstimateMs = performance.now() - cycleStartedMs;
    }
    if (result.findings.length > 0) {
      const replay = formatReplayCommand({ mode: 'live', scenario: scenario.name, seed, run: runIndex, cycle, kills: [...kills] }, context.replayFlags);
      const how = pinned !== undefined ? ' (kill pinned)' : timed ? ` (killed ${killAfterMs} ms after ready)` : crashAfterOperation === undefined ? ' (end of workload)' : duringRecovery ? ' (killed while recovering)' : '';
      const violations = result.findings.map(({ finding, state, kind }, index) =>
        toViolation(finding, {
          faultModel: state.model,
          seed: cycleSeed,
          crashPoint: {
            operationIndex: state.operationIndex,
            description: kind === 'ack' ? `just after an ack, at operation ${state.operationIndex} (run ${runIndex}, cycle ${cycle})` : `at operation ${state.operationIndex}${how} (run ${runIndex}, cycle ${cycle})`,
          },
          mask: formatPersistenceMask(state.mask),
          replay,
          state,
          ...(index === 0 ? { timeline: buildViolationTimeline(result.records, state.operationIndex, state.model) } : {}),
        }),
      );
      return { runIndex, violations, failingCycle: cycle, cycleOperations, kills, cyclesSkipped: 0 };
    }
    // A state that no model let pass is no base to build on.
    if (result.next === undefined) return { runIndex, violations: [], cycleOperations, kills, cyclesSkipped: 0 };
    base = result.next.state;
    initialEntries = result.next.entries;
  }
  return { runIndex, violations: [], cycleOperations, kills, cyclesSkipped: 0 };
}
