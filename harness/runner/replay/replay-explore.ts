/**
 * Exact replay of an explore violation: fast-check regenerates the shrunk
 * workload from the seed and the counterexample path, the in-process run
 * retraces it deterministically, and the crash state is rebuilt at the same
 * boundary under the same model with the printed mask.
 */
import fc from 'fast-check';
import type { ScenarioReport } from '../../../reports/report-types.js';
import { formatPersistenceMask, parsePersistenceMask } from '../../crash-state/persistence-mask-format.js';
import { toViolation } from '../../oracle/to-violation.js';
import type { Workload } from '../../workload/workload-types.js';
import { exploreWorkloadArbitrary } from '../explore/explore-scenario.js';
import { checkCrashState, judgementOf, judgesA1, stateSeed } from '../../core/check-crash-state.js';
import { buildStateAt } from '../explore/explore-trace.js';
import { traceWorkload } from '../explore/explore-workload.js';
import { createRecoverer } from '../../core/recover-crash-state.js';
import { formatReplayCommand, type ExploreReplayTarget, type ReplayFlags } from '../../core/replay-target.js';
import type { Scenario } from '../../core/scenario.js';
import { runIndexOfPath } from '../../core/fault-census.js';
import { historyFromTrace } from '../../core/traced-history.js';

/** The workload fast-check generates at `path` for `seed` (the first value it replays). */
export function workloadAtPath(scenario: Scenario, seed: number, path: string): Workload | undefined {
  let found: Workload | undefined;
  fc.check(
    fc.property(exploreWorkloadArbitrary(scenario), (workload) => {
      found ??= workload;
      return true;
    }),
    { seed, path, numRuns: 1 },
  );
  return found;
}

/** Replays one explore crash state and reports what the oracle finds in it; undefined when the boundary does not exist. */
export async function replayExplore(scenario: Scenario, target: ExploreReplayTarget, replayFlags: ReplayFlags = []): Promise<ScenarioReport | undefined> {
  const started = performance.now();
  const workload = workloadAtPath(scenario, target.seed, target.path);
  if (workload === undefined) return undefined;
  const run = await traceWorkload(scenario, workload, target.seed, runIndexOfPath(target.path));
  const history = historyFromTrace(run.records, run.commits, new Map());
  const rebuilt = buildStateAt(run.records, target.boundary, target.model, stateSeed(target.seed, target.boundary, target.model), target.mask === undefined ? undefined : parsePersistenceMask(target.mask));
  if (rebuilt === undefined) return undefined;
  const judging = { judgeA1: judgesA1(scenario.models), judgement: judgementOf(target.model, scenario.models) };
  const { findings } = await checkCrashState(rebuilt, history, createRecoverer(scenario.engine), judging);
  const mask = formatPersistenceMask(rebuilt.mask);
  const replay = formatReplayCommand({ ...target, mask }, replayFlags);
  const violations = findings.map((finding) =>
    toViolation(finding, {
      faultModel: target.model,
      seed: target.seed,
      crashPoint: { operationIndex: target.boundary, description: `at operation ${target.boundary} of ${workload.operations.length} workload operations (replayed)` },
      mask,
      replay,
    }),
  );
  return {
    name: scenario.name,
    description: scenario.description,
    expected: scenario.expected,
    verdict: violations.length > 0 ? 'violation' : 'durable',
    ...(scenario.expectedProperties === undefined ? {} : { expectedProperties: scenario.expectedProperties }),
    violations,
    violationCount: violations.length,
    counts: { runs: 1, crashes: 1, crashStates: 1, commitsAcked: history.commits.filter((commit) => commit.status === 'acknowledged').length },
    durationMs: Math.round(performance.now() - started),
    replay,
  };
}
