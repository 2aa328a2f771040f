/**
 * Exact replay of an explore violation: fast-check regenerates the shrunk
 * workload from the seed and the counterexample path, the in-process run
 * retraces it deterministically, and the crash state is rebuilt at the same
 * boundary under the same model with the printed mask.
 */
import { describeExploreCrashPoint } from '../explore/explore-crash-point.js';
import fc from 'fast-check';
import type { ScenarioReport, Violation } from '../../../reports/report-types.js';
import type { MetadataModel } from '../../crash-state/metadata-models.js';
import type { CrashModel } from '../../crash-state/crash-models.js';
import type { CrashState } from '../../crash-state/crash-state.js';
import type { PersistenceMask } from '../../crash-state/persistence-mask.js';
import { formatPersistenceMask, parsePersistenceMask } from '../../crash-state/persistence-mask-format.js';
import type { CommitHistory } from '../../oracle/commit-history.js';
import { toViolation } from '../../oracle/to-violation.js';
import type { Workload } from '../../workload/workload-types.js';
import { exploreWorkloadArbitrary } from '../explore/explore-scenario.js';
import { checkCrashState, judgementOf, judgesA1, stateSeed } from '../../core/check-crash-state.js';
import { buildStateAt } from '../explore/explore-trace.js';
import { traceWorkload } from '../explore/explore-workload.js';
import { createRecoverer, type CrashStateRecoverer } from '../../core/recover-crash-state.js';
import { followOnWorkload, traceRecoveryRun } from '../explore/explore-recovery.js';
import { flagsForMetadata, formatReplayCommand, type ExploreReplayTarget, type ReplayFlags } from '../../core/replay-target.js';
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

/** A crash state rebuilt for replay, the history it is judged against, and the line that names it. */
interface ReplayedState {
  readonly state: CrashState;
  readonly history: CommitHistory;
  readonly model: CrashModel;
  readonly description: string;
}

/** Rebuilds the state `target` names: at its boundary of the retraced workload, or, with `recovery`, in the recovery run from there. */
async function rebuildTarget(scenario: Scenario, target: ExploreReplayTarget, recover: CrashStateRecoverer, metadata: MetadataModel): Promise<ReplayedState | undefined> {
  const workload = workloadAtPath(scenario, target.seed, target.path);
  if (workload === undefined) return undefined;
  const run = await traceWorkload(scenario, workload, target.seed, runIndexOfPath(target.path));
  const history = historyFromTrace(run.records, run.commits, new Map());
  const first = buildStateAt(run.records, target.boundary, target.model, stateSeed(target.seed, target.boundary, target.model), maskOf(target.mask), { metadata });
  if (first === undefined) return undefined;
  const description = describeExploreCrashPoint(target.boundary, workload.operations.length, 'replayed');
  if (target.recovery === undefined) return { state: first, history, model: target.model, description };
  // The recovery run starts from what recovery made of the first state, as in the exploration.
  const recovered = await recover(first);
  if (recovered.kind !== 'recovered') return undefined;
  const { boundary, model, mask } = target.recovery;
  const followOn = await traceRecoveryRun(scenario, first, followOnWorkload(scenario, target.seed, target.boundary, target.model), target.seed);
  const second = buildStateAt(followOn.records, boundary, model, stateSeed(target.seed, boundary, model), maskOf(mask), { base: first.files, baseDirectories: first.directories, metadata });
  if (second === undefined) return undefined;
  return { state: second, history: historyFromTrace(followOn.records, followOn.commits, new Map(recovered.entries)), model, description: `at operation ${boundary} of the recovery run from the ${target.model} crash state ${description}` };
}

function maskOf(text: string | undefined): PersistenceMask | undefined {
  return text === undefined ? undefined : parsePersistenceMask(text);
}

/** Replays one explore crash state and reports what the oracle finds in it; undefined when the boundary does not exist. */
export async function replayExplore(scenario: Scenario, target: ExploreReplayTarget, replayFlags: ReplayFlags = []): Promise<ScenarioReport | undefined> {
  const started = performance.now();
  const recover = createRecoverer(scenario.engine);
  const violations: Violation[] = [];
  let replay = formatReplayCommand(target, replayFlags);
  let commitsAcked = 0;
  let crashStates = 0;
  // `--metadata both`: the same crash point rebuilt and judged under each model.
  for (const metadata of scenario.metadata ?? ['strict']) {
    const replayed = await rebuildTarget(scenario, target, recover, metadata);
    if (replayed === undefined) return undefined;
    const { state, history } = replayed;
    const judging = { judgeA1: judgesA1(scenario.models), judgement: judgementOf(replayed.model, scenario.models) };
    const { findings } = await checkCrashState(state, history, recover, judging);
    const mask = formatPersistenceMask(state.mask);
    replay = formatReplayCommand(target.recovery === undefined ? { ...target, mask } : { ...target, recovery: { ...target.recovery, mask } }, (scenario.metadata ?? []).length > 1 ? flagsForMetadata(replayFlags, metadata) : replayFlags);
    for (const finding of findings) {
      violations.push(toViolation(finding, { faultModel: replayed.model, seed: target.seed, crashPoint: { operationIndex: state.operationIndex, description: replayed.description }, mask, replay, state }));
    }
    commitsAcked = history.commits.filter((commit) => commit.status === 'acknowledged').length;
    crashStates += 1;
  }
  return {
    name: scenario.name,
    description: scenario.description,
    expected: scenario.expected,
    verdict: violations.length > 0 ? 'violation' : 'durable',
    ...(scenario.expectedProperties === undefined ? {} : { expectedProperties: scenario.expectedProperties }),
    violations,
    violationCount: violations.length,
    counts: { runs: 1, crashes: 1, crashStates, commitsAcked },
    durationMs: Math.round(performance.now() - started),
    replay,
  };
}
