/**
 * `unplug replay`'s one entry: a parsed replay target, run by the mode that
 * reported it (an exact explore crash state, or a live run rerun from its seed
 * up to the named cycle).
 */
import type { ScenarioReport } from '../../../reports/report-types.js';
import { assertNever } from '../../../engine/invariants.js';
import type { ReplayFlags, ReplayTarget } from '../../core/replay-target.js';
import type { Scenario } from '../../core/scenario.js';
import { runArchiveScenario } from '../archive/archive-scenario.js';
import { runCdcScenario } from '../../cdc/cdc-scenario.js';
import { runLiveScenario } from '../live/live-scenario.js';
import { replayExplore } from './replay-explore.js';

/** Replays `target` of `scenario`; undefined when the target does not exist (an explore boundary past the trace's end). */
export async function replayViolation(scenario: Scenario, target: ReplayTarget, replayFlags: ReplayFlags = []): Promise<ScenarioReport | undefined> {
  switch (target.mode) {
    case 'explore':
      return replayExplore(scenario, target, replayFlags);
    case 'live':
      // A cdc scenario's violations name a run and its last cycle, like a live one.
      if (scenario.mode === 'cdc') return runCdcScenario(scenario, { seed: target.seed, replayFlags }, { runIndex: target.run, lastCycle: target.cycle });
      return runLiveScenario(scenario, { seed: target.seed, replayFlags }, { runIndex: target.run, lastCycle: target.cycle, ...(target.kills === undefined ? {} : { kills: target.kills }) });
    case 'archive':
      return runArchiveScenario(scenario, { seed: target.seed, replayFlags }, target);
    default:
      return assertNever(target, 'replay target');
  }
}
