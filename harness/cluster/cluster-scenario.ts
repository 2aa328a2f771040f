/**
 * The cluster run mode: each run draws a workload and, per machine failure the
 * scenario lists, an acknowledgement count at which the failure strikes, from
 * the run's seed; then it fails over (failover-run.ts) and reports R1/R2
 * findings. The report's coverage notes carry the measured bound of what the
 * failovers lost (most acknowledged commits lost in one failover, and the
 * longest span of their acknowledgements), which is the promise of
 * asynchronous replication.
 *
 * Replays: a run is reproduced by its seed and run index through the shard
 * flags (`--runs R+1 --shard R+1/R+1` runs run R alone). The workload and the
 * failure's acknowledgement count are the same; the interleaving of two real
 * processes is not, so a replay reruns the same crash point, not the same
 * microseconds.
 */
import type { ScenarioReport } from '../../reports/report-types.js';
import { buildScenarioReport } from '../core/build-scenario-report.js';
import { formatCommandLine } from '../core/replay-target.js';
import type { ClusterSetup, Scenario } from '../core/scenario.js';
import { describeCoverage } from '../core/scenario-coverage.js';
import { inShard, zeroCounts, type ScenarioRunOptions } from '../core/scenario-run-types.js';
import { isPast, scenarioTimeBudget } from '../core/scenario-time-budget.js';
import { ViolationSample } from '../core/violation-sample.js';
import { toViolation } from '../oracle/to-violation.js';
import { createRandom } from '../random/random.js';
import { generateWorkload } from '../workload/generate-workload.js';
import { workloadCommits } from '../workload/workload-types.js';
import { runFailover } from './failover-run.js';

/** The failure strikes after an acknowledgement count drawn from this fraction range of the workload's commits. */
const FAIL_AT_FRACTION = Object.freeze({ min: 0.1, max: 0.9 });

/** Runs a cluster-mode scenario. */
export async function runClusterScenario(scenario: Scenario, options: ScenarioRunOptions): Promise<ScenarioReport> {
  const startedMs = performance.now();
  if (scenario.engine.kind !== 'reference') throw new Error(`cluster scenario ${scenario.name} needs the reference engine`);
  const setup: ClusterSetup = scenario.cluster ?? { replication: 'synchronous', failures: ['primary-crash'] };
  const budget = scenarioTimeBudget(scenario.engine, options.timeBudgetMs, startedMs);
  const runsRequested = options.runs ?? scenario.budget.runs;
  // A shard (or a replay of one run) plans only its own runs.
  const runsPlanned = Array.from({ length: runsRequested }, (_, run) => run).filter((run) => inShard(run, options.shard)).length;
  const random = createRandom(options.seed);
  const counts = zeroCounts();
  const sample = new ViolationSample();
  let runsDone = 0;
  let worst = { acknowledgedLost: 0, lostSpanMs: 0, lostWindowMs: 0 };
  const replayLine = (run: number): string =>
    formatCommandLine('crash', [['scenario', scenario.name], ['seed', options.seed], ['runs', run + 1], ['shard', `${run + 1}/${run + 1}`], ...(options.replayFlags ?? [])]);
  for (let run = 0; run < runsRequested; run += 1) {
    // Every run draws from its own fork, so a shard (or a replay) sees the same run as the whole campaign.
    const runRandom = random.fork(`cluster-run-${run}`);
    if (!inShard(run, options.shard)) continue;
    if (isPast(budget.searchDeadlineMs)) break;
    const workload = generateWorkload(runRandom.nextUint32(), scenario.workload);
    const commitCount = workloadCommits(workload).length;
    for (const failure of setup.failures) {
      const span = Math.max(1, Math.floor(commitCount * (FAIL_AT_FRACTION.max - FAIL_AT_FRACTION.min)));
      const failAtAck = Math.max(1, Math.floor(commitCount * FAIL_AT_FRACTION.min) + runRandom.nextInt(span));
      const result = await runFailover({ engine: scenario.engine.options, setup, failure, workload, seed: runRandom.nextUint32(), failAtAck });
      counts.crashes += 1;
      counts.crashStates += 1;
      counts.commitsAcked += result.acknowledged;
      if (result.loss.acknowledgedLost > worst.acknowledgedLost) worst = { ...result.loss };
      for (const finding of result.findings) {
        sample.add(
          toViolation(finding, {
            replay: replayLine(run),
            faultModel: `${setup.replication} replication, ${failure}`,
            seed: options.seed,
            crashPoint: { operationIndex: result.failedAtAck, description: `${failure} after ${result.failedAtAck} acknowledged commits (run ${run}), then failover to the replica` },
            timeline: result.timeline,
          }),
        );
      }
      options.onProgress?.({ ...counts });
    }
    counts.runs += 1;
    runsDone += 1;
    options.onProgress?.({ ...counts });
  }
  const coverage = describeCoverage({ timeBudgetMs: budget.budgetMs, runsPlanned, runsDone });
  const bound =
    worst.acknowledgedLost === 0
      ? `no failover lost an acknowledged commit (${counts.crashes} failovers, ${setup.replication} replication)`
      : `the worst failover lost ${worst.acknowledgedLost} acknowledged commits, acknowledged over ${worst.lostSpanMs} ms, the first ${worst.lostWindowMs} ms before the primary crashed (${counts.crashes} failovers, ${setup.replication} replication)`;
  const report = buildScenarioReport(scenario, options, { command: 'crash', sample, counts, startedMs, coverage: { ...coverage, notes: [...coverage.notes, bound] }, faultsInjected: {} });
  return report;
}
