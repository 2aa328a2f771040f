/**
 * Shrinking a live violation to a shorter replay line that still fails. What a
 * live replay line can express is the run (its seed draws every workload and
 * crash point), the last cycle, and pinned kill points; so the shrinker tries,
 * in order: ending the chain at an earlier cycle, killing the failing cycle
 * earlier (a bisection over its operation count), and killing each earlier
 * cycle sooner (halving), which leaves fewer commits before every kill. A
 * candidate is kept only when its rerun fails again with fewer operations traced
 * up to the failure, so the result is never longer than the original and its
 * line is one that was seen to fail. Reruns are real child processes, so a
 * limit on attempts and the scenario's deadline bound the work.
 */
import { operationsToFailure, type LiveRunResult, type LiveRunTarget, type PinnedKill } from './live-run.js';

/** Reruns tried at most when shrinking one live violation. */
export const LIVE_SHRINK_ATTEMPTS_MAX = 12;

/** The shrunk run, how it was reached, and whether a limit stopped the search. */
export interface LiveShrinkResult {
  readonly target: LiveRunTarget;
  readonly result: LiveRunResult;
  readonly attempts: number;
  /** True when the deadline or the attempt limit stopped the search before it tried every step. */
  readonly cut: boolean;
}

/** Shrinks the failing run `failing` with `rerun`, until `deadlineMs` (`performance.now()`) or the attempt limit. */
export async function shrinkLiveRun(
  failing: LiveRunResult,
  rerun: (target: LiveRunTarget) => Promise<LiveRunResult>,
  deadlineMs: number,
  attemptsMax = LIVE_SHRINK_ATTEMPTS_MAX,
): Promise<LiveShrinkResult> {
  const failingCycle = failing.failingCycle;
  if (failingCycle === undefined) throw new Error('shrinkLiveRun needs a failing run');
  let best = { target: targetOf(failing.runIndex, failingCycle, failing.kills), result: failing };
  let attempts = 0;
  let cut = false;

  /** Reruns with `kills` up to `lastCycle`; keeps the result when it fails with fewer operations. */
  const attempt = async (lastCycle: number, kills: readonly PinnedKill[]): Promise<boolean> => {
    if (attempts >= attemptsMax || performance.now() >= deadlineMs) {
      cut = true;
      return false;
    }
    attempts += 1;
    const result = await rerun(targetOf(failing.runIndex, lastCycle, kills));
    if (result.failingCycle === undefined || operationsToFailure(result) >= operationsToFailure(best.result)) return false;
    best = { target: targetOf(failing.runIndex, result.failingCycle, result.kills), result };
    return true;
  };
  const lastCycle = (): number => best.result.failingCycle ?? failingCycle;
  const operationsOf = (cycle: number): number => best.result.cycleOperations[cycle] ?? 0;

  // 1. Fewer cycles: the first earlier cycle that fails on its own ends the chain there.
  for (let cycle = 0; cycle < lastCycle(); cycle += 1) {
    if (await attempt(cycle, best.result.kills)) break;
  }
  // 2. An earlier kill in the failing cycle: bisect for the fewest operations that still fail.
  let low = 1;
  let high = operationsOf(lastCycle());
  while (low < high && !cut) {
    const middle = Math.floor((low + high) / 2);
    const cycle = lastCycle();
    if (await attempt(cycle, withKill(best.result.kills, cycle, middle))) high = Math.min(middle, operationsOf(lastCycle()));
    else low = middle + 1;
  }
  // 3. Earlier cycles killed sooner: fewer commits before each kill, halving while it still fails.
  for (let cycle = 0; cycle < lastCycle() && !cut; cycle += 1) {
    while (operationsOf(cycle) > 1 && !cut) {
      if (!(await attempt(lastCycle(), withKill(best.result.kills, cycle, Math.floor(operationsOf(cycle) / 2))))) break;
    }
  }
  return { ...best, attempts, cut };
}

/** The target of run `runIndex` up to `lastCycle` with the pins of cycles up to it. */
function targetOf(runIndex: number, lastCycle: number, kills: readonly PinnedKill[]): LiveRunTarget {
  return { runIndex, lastCycle, kills: kills.filter(([cycle]) => cycle <= lastCycle) };
}

/** `kills` with cycle `cycle` pinned to `operations`, in cycle order. */
function withKill(kills: readonly PinnedKill[], cycle: number, operations: number): PinnedKill[] {
  return [...kills.filter(([pinned]) => pinned !== cycle), [cycle, operations] as const].sort((left, right) => left[0] - right[0]);
}
