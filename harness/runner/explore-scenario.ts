/**
 * Explore mode driven by fast-check: each run is a workload drawn from
 * `workloadArbitrary`, traced once and checked at every operation boundary
 * under every model. When a run fails, fast-check shrinks the workload (fewer
 * operations, smaller values), the earliest failing boundary is the crash
 * point, and the surviving writes are shrunk greedily to a minimal mask. The
 * counterexample's fast-check seed and path, the boundary, the model and the
 * mask make `unplug replay` reproduce it exactly (in-process runs are
 * deterministic).
 */
import fc from 'fast-check';
import type { ScenarioReport } from '../../reports/report-types.js';
import { formatPersistenceMask } from '../crash-state/persistence-mask-format.js';
import { shrinkPersistenceMask } from '../crash-state/persistence-mask-arbitrary.js';
import type { PersistenceMask } from '../crash-state/persistence-mask.js';
import { toViolation } from '../oracle/to-violation.js';
import type { OracleFinding } from '../oracle/oracle-types.js';
import { workloadArbitrary } from '../workload/workload-arbitrary.js';
import type { Workload } from '../workload/workload-types.js';
import { buildScenarioReport } from './build-scenario-report.js';
import { buildStateAt, checkCrashState, type BoundaryFinding } from './explore-trace.js';
import { exploreWorkload, type WorkloadExploration } from './explore-workload.js';
import { createRecoverer, type CrashStateRecoverer } from './recover-crash-state.js';
import { formatCommandLine } from './replay-command-line.js';
import type { Scenario } from './scenario.js';
import { buildViolationTimeline } from './violation-timeline.js';
import { inShard, zeroCounts, type ScenarioRunOptions } from './scenario-run-types.js';
import { ViolationSample } from './violation-sample.js';

/** Mask shrinking stops after this many candidate states. */
export const MASK_SHRINK_ATTEMPTS_MAX = 200;

/** The arbitrary explore mode draws workloads from. */
export function exploreWorkloadArbitrary(scenario: Scenario): fc.Arbitrary<Workload> {
  return workloadArbitrary({ ...scenario.workload, firstTx: 1 });
}

/** Greedily drops surviving units while the same property still fails at the same boundary. */
export async function shrinkMask(exploration: WorkloadExploration, found: BoundaryFinding, recover: CrashStateRecoverer): Promise<{ mask: PersistenceMask; finding: OracleFinding }> {
  let best = { mask: found.state.mask, finding: found.finding };
  let attempts = 0;
  let improved = true;
  while (improved && attempts < MASK_SHRINK_ATTEMPTS_MAX) {
    improved = false;
    for (const candidate of shrinkPersistenceMask(best.mask)) {
      if (++attempts > MASK_SHRINK_ATTEMPTS_MAX) break;
      const rebuilt = buildStateAt(exploration.run.records, found.boundary, found.model, found.state.seed, candidate);
      if (rebuilt === undefined) break;
      const { findings } = await checkCrashState(rebuilt.state, exploration.history, recover, rebuilt.acksJustBefore);
      const same = findings.find((finding) => finding.property === found.finding.property);
      if (same !== undefined) {
        best = { mask: candidate, finding: same };
        improved = true;
        break;
      }
    }
  }
  return best;
}

/** Runs an explore scenario and reports it. */
export async function runExploreScenario(scenario: Scenario, options: ScenarioRunOptions): Promise<ScenarioReport> {
  const started = performance.now();
  const counts = zeroCounts();
  const sample = new ViolationSample();
  const recover = createRecoverer(scenario.engine);
  const runs = options.runs ?? scenario.budget.runs;
  const replayFlags = options.replayFlags ?? [];
  let runIndex = 0;

  const property = fc.asyncProperty(exploreWorkloadArbitrary(scenario), async (workload) => {
    // Shards split the drawn workloads; fast-check still draws them all so the seed means the same.
    if (!inShard(runIndex++, options.shard)) return true;
    const exploration = await exploreWorkload(scenario, workload, options.seed, recover, { stopAtFirstViolation: true, onState: () => (counts.crashStates += 1) });
    counts.runs += 1;
    counts.crashes += exploration.result.boundaries;
    counts.commitsAcked += exploration.history.commits.filter((commit) => commit.status === 'acknowledged').length;
    options.onProgress?.({ ...counts });
    return exploration.result.findings.length === 0;
  });
  const details = await fc.check(property, {
    seed: options.seed,
    numRuns: runs,
    ...(options.timeBudgetMs === undefined ? {} : { interruptAfterTimeLimit: options.timeBudgetMs }),
    markInterruptAsFailure: false,
  });

  if (details.failed && details.counterexample !== null) {
    const [workload] = details.counterexample;
    const exploration = await exploreWorkload(scenario, workload, options.seed, recover);
    const path = details.counterexamplePath ?? '';
    const first = exploration.result.findings[0];
    const shrunk = first === undefined ? undefined : await shrinkMask(exploration, first, recover);
    for (const found of exploration.result.findings) {
      const isFirst = found === first && shrunk !== undefined;
      const mask = isFirst ? shrunk.mask : found.state.mask;
      const finding = isFirst ? shrunk.finding : found.finding;
      const maskText = formatPersistenceMask(mask);
      const replay = formatCommandLine('replay', [
        ['scenario', scenario.name],
        ['seed', options.seed],
        ['path', path],
        ['boundary', found.boundary],
        ['model', found.model],
        ['mask', maskText],
        ...replayFlags,
      ]);
      sample.add(
        toViolation(finding, {
          faultModel: found.model,
          seed: options.seed,
          crashPoint: { operationIndex: found.boundary, description: `at operation ${found.boundary} of ${workload.operations.length} workload operations (shrunk)` },
          mask: maskText,
          replay,
          // The shrunk counterexample carries the story of the crash for the HTML report.
          ...(isFirst ? { timeline: buildViolationTimeline(exploration.run.records, found.boundary, found.model) } : {}),
        }),
      );
    }
  }
  return buildScenarioReport(scenario, options, { command: 'explore', sample, counts, startedMs: started });
}
