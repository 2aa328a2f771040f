/**
 * The cdc run mode: change data capture under crashes, checked by C1. Each run
 * is a chain of cycles (cdc-cycle.ts) on one store, each crashing the primary
 * under a model drawn from the scenario's and the consumer at least once; then
 * the last crash state is recovered in process, closed cleanly, drained by one
 * more reader session, and the recovered primary's whole committed sequence
 * (read by the same library from its first commit) is the truth the stream is
 * checked against. The scenario keeps every commit in the WAL (no checkpoint),
 * so that sequence is complete; a run that checkpointed anyway is reported as
 * an infrastructure failure, not judged.
 *
 * A scenario expected to find a violation stops starting runs once it has.
 * A violation's replay line is a live one (`--run R --cycle C`, C the last
 * cycle), rerun here from the seed.
 */
import { join } from 'node:path';
import type { ScenarioReport } from '../../reports/report-types.js';
import { readChanges } from '../../engine/cdc/read-changes.js';
import type { Change } from '../../engine/cdc/change-line.js';
import type { DefectName } from '../../engine/engine-types.js';
import { EngineError } from '../../engine/engine-types.js';
import { NodeFileSystem } from '../../engine/fs/node-file-system.js';
import { openEngine } from '../../engine/store/open-engine.js';
import { buildScenarioReport } from '../core/build-scenario-report.js';
import { runFaultSeed } from '../core/fault-census.js';
import { formatReplayCommand } from '../core/replay-target.js';
import type { Scenario } from '../core/scenario.js';
import { describeCoverage } from '../core/scenario-coverage.js';
import { inShard, zeroCounts, type ScenarioRunOptions } from '../core/scenario-run-types.js';
import { scenarioTimeBudget } from '../core/scenario-time-budget.js';
import { ViolationSample } from '../core/violation-sample.js';
import type { CrashState } from '../crash-state/crash-state.js';
import { materialiseCrashState } from '../crash-state/materialise-crash-state.js';
import type { ReferenceEngineOptions } from '../engine-client/engine-launch.js';
import { createTemporaryDirectory, removeTemporaryDirectory } from '../engine-client/process-registry.js';
import { InfrastructureError } from '../errors/harness-errors.js';
import { checkChangeStream } from '../oracle/check-change-stream.js';
import type { OracleFinding } from '../oracle/oracle-types.js';
import { toViolation } from '../oracle/to-violation.js';
import { createRandom } from '../random/random.js';
import { generateWorkload } from '../workload/generate-workload.js';
import { runCdcCycle } from './cdc-cycle.js';
import { startCdcReader } from './cdc-reader-process.js';
import { ChangeSink } from './change-sink.js';

/** Transaction ids of cycle c start at c * this + 1, so they stay unique along a chain. */
const TX_STRIDE_PER_CYCLE = 1_000_000;
/** One cycle in this many runs its workload to the end before the kill. */
const END_OF_WORKLOAD_ONE_IN = 4;
/** The sink confirms after 1 to this many whole commits (drawn per run). */
const CONFIRM_EVERY_COMMITS_MAX = 3;
/** The reader defect a scenario's engine options may name: it goes to the reader, not the primary. */
const READER_DEFECT: DefectName = 'cdc-emits-before-durable';

/** Which run (and up to which cycle) to rerun. */
export interface CdcRunTarget {
  readonly runIndex: number;
  readonly lastCycle?: number;
}

/** Runs a cdc scenario (or, with `target`, the one run a replay line names). */
export async function runCdcScenario(scenario: Scenario, options: ScenarioRunOptions, target?: CdcRunTarget): Promise<ScenarioReport> {
  const startedMs = performance.now();
  if (scenario.engine.kind !== 'reference') throw new InfrastructureError(`cdc scenario ${scenario.name} needs the reference engine`);
  const budget = scenarioTimeBudget(scenario.engine, options.timeBudgetMs, startedMs);
  const engineOptions = scenario.engine.options;
  const readerDefects = (engineOptions.defects ?? []).filter((defect) => defect === READER_DEFECT);
  const primaryLaunch = { kind: 'reference' as const, options: { ...engineOptions, defects: (engineOptions.defects ?? []).filter((defect) => defect !== READER_DEFECT), publishFlushLsn: true } };
  const cycles = target?.lastCycle !== undefined ? target.lastCycle + 1 : (scenario.budget.cyclesPerRun ?? 3);
  const runs = options.runs ?? scenario.budget.runs;
  const counts = zeroCounts();
  const sample = new ViolationSample();
  let runsDone = 0;
  const indexes = target !== undefined ? [target.runIndex] : Array.from({ length: runs }, (_, index) => index).filter((index) => inShard(index, options.shard));
  for (const runIndex of indexes) {
    if (target === undefined && performance.now() >= budget.deadlineMs) break;
    // A defect scenario has proved its point at its first violation; the other runs would only find it again.
    if (target === undefined && scenario.expected === 'violation' && sample.count > 0) break;
    const random = createRandom(options.seed).fork(`cdc-run/${runIndex}`);
    const sinkDirectory = createTemporaryDirectory('cdc-consumer');
    try {
      const sink = new ChangeSink(join(sinkDirectory, 'confirmed-lsn'), 1 + random.fork('confirm').nextInt(CONFIRM_EVERY_COMMITS_MAX));
      let base: CrashState | undefined;
      const findings: OracleFinding[] = [];
      // Operations of a whole cycle (about three per flush: write, sync, flush-LSN slot), learnt from cycles that ran to the end.
      let operationsEstimate = scenario.workload.operationCount * 3 + 16;
      for (let cycle = 0; cycle < cycles && findings.length === 0; cycle += 1) {
        const cycleRandom = random.fork(`cycle/${cycle}`);
        const cycleSeed = cycleRandom.nextUint32();
        const workload = generateWorkload(cycleSeed, { ...scenario.workload, firstTx: cycle * TX_STRIDE_PER_CYCLE + 1 });
        const crashAfterOperation = cycleRandom.nextInt(END_OF_WORKLOAD_ONE_IN) === 0 ? undefined : cycleRandom.nextInt(operationsEstimate);
        const model = scenario.models[cycleRandom.nextInt(scenario.models.length)] ?? 'power-loss';
        const result = await runCdcCycle({
          launch: primaryLaunch,
          readerDefects,
          workload,
          model,
          seed: cycleSeed,
          faultSeed: runFaultSeed(options.seed, runIndex, cycle),
          ...(base === undefined ? {} : { base }),
          ...(crashAfterOperation === undefined ? {} : { crashAfterOperation }),
          consumerKillAfterChanges: 1 + cycleRandom.nextInt(Math.max(1, scenario.workload.operationCount)),
          sink,
          label: `cycle ${cycle}, ${model}`,
        });
        if (crashAfterOperation === undefined) operationsEstimate = Math.max(8, result.operations);
        counts.crashes += 1 + result.consumerCrashes;
        counts.crashStates += result.next === undefined ? 0 : 1;
        counts.commitsAcked += result.commitsAcknowledged;
        findings.push(...result.findings);
        base = result.next;
        options.onProgress?.({ ...counts });
      }
      if (findings.length === 0 && base !== undefined) findings.push(...(await checkFinalStream(base, engineOptions, readerDefects, sink)));
      const replay = formatReplayCommand({ mode: 'live', scenario: scenario.name, seed: options.seed, run: runIndex, cycle: cycles - 1 }, options.replayFlags ?? []);
      for (const finding of findings) {
        sample.add(toViolation(finding, { faultModel: scenario.models.join('+'), seed: options.seed, crashPoint: { operationIndex: 0, description: `cycles 0-${cycles - 1} of run ${runIndex}, stream checked after the last` }, replay }));
      }
      counts.runs += 1;
      runsDone += 1;
      options.onProgress?.({ ...counts });
    } finally {
      removeTemporaryDirectory(sinkDirectory);
    }
  }
  const coverage = describeCoverage({ timeBudgetMs: budget.budgetMs, runsPlanned: indexes.length, runsDone });
  return buildScenarioReport(scenario, options, { command: 'crash', sample, counts, startedMs, coverage, faultsInjected: {} });
}

/**
 * Recovers the last crash state in process (publishing its flush LSN), closes
 * it cleanly, lets the consumer drain it, and checks C1 against the whole
 * committed sequence the recovered store holds.
 */
async function checkFinalStream(state: CrashState, engineOptions: ReferenceEngineOptions, readerDefects: readonly DefectName[], sink: ChangeSink): Promise<OracleFinding[]> {
  const directory = createTemporaryDirectory('cdc-final');
  try {
    const fileSystem = new NodeFileSystem();
    materialiseCrashState(state, fileSystem, directory);
    try {
      const { defects: _defects, ...primaryOptions } = engineOptions;
      await openEngine({ ...primaryOptions, directory, fileSystem, publishFlushLsn: true }).close();
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      return [{ property: 'P4', message: `the last crash state does not recover (${error.code}: ${error.message})` }];
    }
    const drain = startCdcReader({ directory, fromLsn: sink.startSession('final drain of the recovered primary'), follow: false, defects: readerDefects, onChange: (change) => sink.receive(change) });
    await drain.finished();
    sink.confirm();
    const committed: Change[] = [];
    try {
      for await (const change of readChanges({ directory, fileSystem, fromLsn: 0 })) committed.push(change);
    } catch (error) {
      throw new InfrastructureError(`cannot read the recovered primary's committed sequence: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return checkChangeStream(sink.history(), committed);
  } finally {
    removeTemporaryDirectory(directory);
  }
}
