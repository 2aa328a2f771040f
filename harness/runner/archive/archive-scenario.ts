/**
 * The archive run mode: WAL archiving, base backups and point-in-time restore
 * checked by their own properties (B1 point-in-time restore, B2 archive
 * coverage, B3 archiver outage). Each run draws a workload from the run's seed
 * and then, by the scenario's `archive.check`:
 *
 * - `coverage`: pulls the plug before every mutating operation of the run
 *   (every `boundaryStride`-th) under each of the scenario's models
 *   (power-loss, process-crash) and checks B2 on each crash state;
 * - `pitr`: runs to a clean end and restores `targets` random target LSNs,
 *   each checked by B1;
 * - `outage`: runs on a real disk through a real archive command that fails
 *   for the first half of the workload, checking B3 and B2.
 *
 * Everything is drawn from the seed and runs in this process on the in-memory
 * file system (the outage check excepted), so the scenario's replay line
 * reproduces a violation exactly.
 */
import type { ScenarioReport } from '../../../reports/report-types.js';
import type { ReferenceEngineOptions } from '../../engine-client/engine-launch.js';
import type { OracleFinding } from '../../oracle/oracle-types.js';
import { toViolation } from '../../oracle/to-violation.js';
import { createRandom } from '../../random/random.js';
import { generateWorkload } from '../../workload/generate-workload.js';
import { assertNever } from '../../../engine/invariants.js';
import { buildScenarioReport } from '../../core/build-scenario-report.js';
import { formatReplayCommand, type ArchiveReplayTarget } from '../../core/replay-target.js';
import type { Scenario } from '../../core/scenario.js';
import { describeCoverage } from '../../core/scenario-coverage.js';
import { inShard, zeroCounts, type ScenarioRunOptions } from '../../core/scenario-run-types.js';
import { isPast, scenarioTimeBudget } from '../../core/scenario-time-budget.js';
import { ViolationSample } from '../../core/violation-sample.js';
import { checkArchiveCoverage, countOperations, preparedDisk, type ArchiveCrashModel } from './archive-coverage-check.js';
import { checkArchiveOutage } from './archive-outage-check.js';
import { checkRandomTargets } from './pitr-target-check.js';

/** Restore targets per run of a `pitr` scenario when it names none. */
const PITR_TARGETS_DEFAULT = 20;


/** Runs an archive-mode scenario (or, with `only`, the one run or crash point a replay line names). */
export async function runArchiveScenario(scenario: Scenario, options: ScenarioRunOptions, only?: ArchiveReplayTarget): Promise<ScenarioReport> {
  if (only?.model !== undefined && only.model !== 'power-loss' && only.model !== 'process-crash') {
    throw new Error(`archive scenarios crash under power-loss or process-crash, not ${only.model}`);
  }
  const startedMs = performance.now();
  const budget = scenarioTimeBudget(scenario.engine, options.timeBudgetMs, startedMs);
  if (scenario.engine.kind !== 'reference') throw new Error(`archive scenario ${scenario.name} needs the reference engine`);
  const engineOptions: ReferenceEngineOptions = scenario.engine.options;
  const check = scenario.archive ?? { check: 'coverage' as const };
  const replayLine = (run: number, crashPoint: { readonly boundary: number; readonly model: ArchiveCrashModel } | undefined = undefined): string =>
    formatReplayCommand({ mode: 'archive', scenario: scenario.name, seed: options.seed, run, ...crashPoint }, options.replayFlags ?? []);
  const runsPlanned = options.runs ?? scenario.budget.runs;
  const stride = Math.max(1, scenario.budget.boundaryStride ?? 1);
  const models = scenario.models.filter((model): model is ArchiveCrashModel => (model === 'power-loss' || model === 'process-crash') && (only?.model === undefined || only.model === model));
  const random = createRandom(options.seed);
  const counts = zeroCounts();
  const sample = new ViolationSample();
  let runsDone = 0;
  const report = (finding: OracleFinding, faultModel: string, operationIndex: number, description: string, replay: string): void => {
    sample.add(toViolation(finding, { replay, faultModel, seed: options.seed, crashPoint: { operationIndex, description } }));
  };
  for (let run = only?.run ?? 0; run < (only === undefined ? runsPlanned : only.run + 1); run += 1) {
    if (!inShard(run, options.shard)) continue;
    if (isPast(budget.searchDeadlineMs)) break;
    const runRandom = random.fork(`archive-run-${run}`);
    const workload = generateWorkload(runRandom.nextUint32(), { ...scenario.workload, clients: scenario.workload.clients });
    switch (check.check) {
      case 'coverage': {
        const base = await preparedDisk(engineOptions);
        const operationCount = await countOperations(base, workload, engineOptions);
        const boundaries = only?.boundary === undefined ? undefined : [only.boundary];
        for (let boundary = boundaries?.[0] ?? 0; boundary <= (boundaries?.[0] ?? operationCount); boundary += stride) {
          if (isPast(budget.deadlineMs)) break;
          for (const model of models) {
            const result = await checkArchiveCoverage(base, workload, engineOptions, boundary, model);
            counts.crashes += 1;
            counts.crashStates += 1;
            counts.commitsAcked += result.acknowledged;
            const replay = replayLine(run, { boundary, model });
            for (const finding of result.findings) report(finding, model, boundary, `before operation ${boundary} of ${operationCount} (run ${run})`, replay);
          }
          options.onProgress?.({ ...counts });
        }
        break;
      }
      case 'pitr': {
        const result = await checkRandomTargets(workload, engineOptions, runRandom.fork('targets'), check.targets ?? PITR_TARGETS_DEFAULT);
        counts.crashStates += result.targetsChecked;
        counts.commitsAcked += result.acknowledged;
        for (const { finding, targetLsn } of result.findings) report(finding, 'restore', 0, `restore to ${targetLsn} (run ${run})`, replayLine(run));
        break;
      }
      case 'outage': {
        const result = await checkArchiveOutage(workload, engineOptions);
        counts.crashStates += 1;
        counts.commitsAcked += result.acknowledged;
        for (const finding of result.findings) report(finding, 'archive-command-fails', 0, `archive command failing for half the workload (run ${run})`, replayLine(run));
        break;
      }
      default:
        assertNever(check.check, 'archive check');
    }
    counts.runs += 1;
    runsDone += 1;
    options.onProgress?.({ ...counts });
  }
  const coverage = describeCoverage({ timeBudgetMs: budget.budgetMs, runsPlanned, runsDone });
  return buildScenarioReport(scenario, options, { command: 'crash', sample, counts, startedMs, coverage, faultsInjected: {} });
}
