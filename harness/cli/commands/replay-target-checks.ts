/**
 * Checks a parsed replay target against the scenario it names, before any
 * work starts: a replay of something the campaign could not have reported
 * (live flags on an explore scenario, a run or cycle past the campaign's, a
 * counterexample path fast-check cannot walk) would print a false verdict, or
 * walk for hours. `parseReplayTarget` owns the syntax; this owns the fit.
 */
import { assertNever } from '../../../engine/invariants.js';
import type { ReplayTarget } from '../../core/replay-target.js';
import type { Scenario } from '../../core/scenario.js';
import { workloadAtPath } from '../../runner/replay/replay-explore.js';
import { UsageError } from '../exit-codes.js';
import { SEED_MAXIMUM } from '../parse-arguments.js';

/** The largest shrink step a path may take: fast-check's shrink streams are far shorter, and a typo must not walk for hours. */
export const SHRINK_STEP_MAX = 100_000;
/** A fast-check counterexample path: colon-separated non-negative integers. */
const COUNTEREXAMPLE_PATH_PATTERN = /^\d{1,9}(:\d{1,9}){0,9999}$/;
/** Cycles per live run when a scenario does not say (the live runner's default). */
const DEFAULT_CYCLES_PER_RUN = 3;

/** Range check of one number of the target, naming the flag. */
function checkBelow(flag: string, value: number, limit: number, why: string): void {
  if (value >= limit) throw new UsageError(`--${flag} must be an integer from 0 to ${limit - 1} (${why}), got '${value}'`);
}

/**
 * Throws a `UsageError` naming the flag when `target` cannot be something a
 * campaign of `runs` runs over `scenario` reported.
 */
export function checkReplayTargetFits(scenario: Scenario, target: ReplayTarget, runs: number): void {
  if (target.seed > SEED_MAXIMUM) throw new UsageError(`--seed must be an integer from 0 to ${SEED_MAXIMUM}, got '${target.seed}'`);
  switch (target.mode) {
    case 'live': {
      // `unplug explore` forces any scenario into explore mode, but a live line only comes from a live scenario.
      if (scenario.mode !== 'live') throw new UsageError(`--run --cycle replay a live violation, but scenario '${scenario.name}' runs in explore mode (its replay lines use --path --boundary --model --mask)`);
      checkBelow('run', target.run, runs, `the campaign had ${runs} runs; give --runs as it did`);
      const cycles = scenario.budget.cyclesPerRun ?? DEFAULT_CYCLES_PER_RUN;
      checkBelow('cycle', target.cycle, cycles, `scenario '${scenario.name}' has ${cycles} cycles per run`);
      return;
    }
    case 'explore': {
      const shown = target.path.slice(0, 80);
      if (!COUNTEREXAMPLE_PATH_PATTERN.test(target.path)) throw new UsageError(`--path must be a counterexample path like 0:1:2, got '${shown}'`);
      // The first step is the run index (fast-check generates that many workloads to reach it); the rest are shrink steps.
      const [runStep = 0, ...shrinkSteps] = target.path.split(':').map(Number);
      if (runStep >= runs) throw new UsageError(`--path '${shown}' starts at run ${runStep}, but the campaign had ${runs} runs (give --runs as the campaign did)`);
      if (shrinkSteps.some((step) => step > SHRINK_STEP_MAX)) throw new UsageError(`--path '${shown}' has a shrink step above ${SHRINK_STEP_MAX}`);
      try {
        workloadAtPath(scenario, target.seed, target.path);
      } catch {
        throw new UsageError(`--path '${shown}' is not a counterexample path of scenario '${scenario.name}' at seed ${target.seed}`);
      }
      return;
    }
    default:
      assertNever(target, 'replay target');
  }
}
