/**
 * Checks a parsed replay target against the scenario it names, before any
 * work starts: a replay of something the campaign could not have reported
 * would print a false verdict. Every problem is a `UsageError` naming the flag.
 */
import { CAMPAIGN_LIMITS } from '../../campaign/campaign-arguments.js';
import type { ReplayTarget } from '../../core/replay-target.js';
import type { Scenario } from '../../core/scenario.js';
import { workloadAtPath } from '../../runner/replay/replay-explore.js';
import { assertNever } from '../../../engine/invariants.js';
import { UsageError } from '../exit-codes.js';
import { parseIntegerOption } from '../parse-arguments.js';

/** The largest shrink step a path may take: fast-check's shrink streams are far shorter; a typo must not walk for hours. */
const SHRINK_STEP_MAX = 100_000;

/** A fast-check counterexample path: colon-separated non-negative integers. */
const COUNTEREXAMPLE_PATH_PATTERN = /^\d{1,9}(:\d{1,9}){0,9999}$/;

/** Refuses a target that does not fit `scenario` (its mode, its runs and cycles, its counterexample paths); `runsText` is the campaign's `--runs`, if it gave one. */
export function checkReplayTarget(scenario: Scenario, target: ReplayTarget, runsText: string | undefined): void {
  // A campaign's runs are its scenario's budget unless it gave --runs (which its replay lines then carry).
  const runs = parseIntegerOption('runs', runsText, scenario.budget.runs, 1, CAMPAIGN_LIMITS.runsMax);
  switch (target.mode) {
    case 'live': {
      if (scenario.mode !== 'live' && scenario.mode !== 'cdc') throw new UsageError(`--run --cycle replay a live violation, but scenario '${scenario.name}' runs in explore mode (its replay lines use --path --boundary --model --mask)`);
      const cycles = scenario.budget.cyclesPerRun ?? 3;
      // The same range messages as every numeric flag (the campaign's runs: give --runs as the campaign did).
      parseIntegerOption('run', String(target.run), 0, 0, runs - 1);
      parseIntegerOption('cycle', String(target.cycle), 0, 0, cycles - 1);
      // A pin past the replayed cycle would be ignored, and a trace always holds an operation: both are typos.
      for (const [cycle, operations] of target.kills ?? []) {
        if (cycle > target.cycle || operations < 1) throw new UsageError(`--kills ${cycle}:${operations} must name a cycle from 0 to ${target.cycle} (--cycle) and at least 1 operation`);
      }
      return;
    }
    case 'explore': {
      // No mode check here: `unplug explore` runs any scenario, live ones included, in explore mode and prints these lines for them.
      const { path } = target;
      if (!COUNTEREXAMPLE_PATH_PATTERN.test(path)) throw new UsageError(`--path must be a counterexample path like 0:1:2, got '${path.slice(0, 80)}'`);
      // The first step is the run index (fast-check generates that many workloads to reach it); the rest are shrink steps.
      const [runStep = 0, ...shrinkSteps] = path.split(':').map(Number);
      if (runStep >= runs) throw new UsageError(`--path '${path.slice(0, 80)}' starts at run ${runStep}, but the campaign had ${runs} runs (give --runs as the campaign did)`);
      if (shrinkSteps.some((step) => step > SHRINK_STEP_MAX)) throw new UsageError(`--path '${path.slice(0, 80)}' has a shrink step above ${SHRINK_STEP_MAX}`);
      let workload;
      try {
        workload = workloadAtPath(scenario, target.seed, path);
      } catch {
        workload = undefined;
      }
      if (workload === undefined) throw new UsageError(`--path '${path.slice(0, 80)}' is not a counterexample path of scenario '${scenario.name}' at seed ${target.seed}`);
      return;
    }
    case 'archive': {
      if (scenario.mode !== 'archive') throw new UsageError(`--archive-run replays an archive violation, but scenario '${scenario.name}' runs in ${scenario.mode} mode`);
      parseIntegerOption('archive-run', String(target.run), 0, 0, runs - 1);
      if (target.model !== undefined && target.model !== 'power-loss' && target.model !== 'process-crash') {
        throw new UsageError(`--model of an archive violation is power-loss or process-crash, got '${target.model}'`);
      }
      return;
    }
    default:
      assertNever(target, 'replay target');
  }
}
