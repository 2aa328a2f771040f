/**
 * One live crash cycle: a real engine child, SIGKILLed; then the crash states
 * of the kill point under every selected model, plus, when A1 applies (a
 * selected model loses unsynced work), the power-loss states just after a
 * seeded sample of acks, each recovered and checked. Returns the findings and
 * a state to continue the next cycle from (one whose recovery passed).
 */
import type { CrashModel } from '../../crash-state/crash-models.js';
import type { CrashState } from '../../crash-state/crash-state.js';
import { createMetadataBuilders } from '../../crash-state/metadata-builders.js';
import type { MetadataModel } from '../../crash-state/metadata-models.js';
import type { EngineLaunch } from '../../engine-client/engine-launch.js';
import type { OracleFinding } from '../../oracle/oracle-types.js';
import { createRandom, type Random } from '../../random/random.js';
import type { InjectedFault } from '../../shim/shim-config.js';
import type { TraceRecord } from '../../trace/trace-record.js';
import type { Workload } from '../../workload/workload-types.js';
import { A1_MODEL } from '../../oracle/check-boundary.js';
import { runInChild } from '../../core/child-traced-run.js';
import { checkCrashState, judgementOf, judgesA1, stateSeed } from '../../core/check-crash-state.js';
import type { CrashStateRecoverer } from '../../core/recover-crash-state.js';
import { acksAt, traceBoundaries } from '../../core/trace-boundaries.js';
import { historyFromTrace } from '../../core/traced-history.js';

/** Power-loss states checked per cycle just after an ack (A1). */
export const ACK_STATES_PER_CYCLE = 4;

/** Options of `runLiveCycle`. */
export interface LiveCycleOptions {
  readonly launch: EngineLaunch;
  readonly models: readonly CrashModel[];
  /** Every state is built under each of these metadata models (`--metadata`). @defaultValue ['strict'] */
  readonly metadataModels?: readonly MetadataModel[];
  readonly faults?: readonly InjectedFault[];
  readonly workload: Workload;
  /** The cycle's seed: its ack sample, its crash states, the state it continues from. */
  readonly seed: number;
  /** The seed of the shim's fault stream in this cycle (`runFaultSeed`). */
  readonly faultSeed: number;
  readonly recover: CrashStateRecoverer;
  readonly base?: CrashState;
  readonly initialEntries: ReadonlyMap<string, string>;
  readonly crashAfterOperation?: number;
  /** Kill the engine this long after it is ready instead (a wall-clock kill). */
  readonly killAfterMs?: number;
}

/** A finding with the state it was found in. */
export interface CycleFinding {
  readonly finding: OracleFinding;
  readonly state: CrashState;
  /** 'crash': a state of the kill point; 'ack': the power-loss state just after an ack. */
  readonly kind: 'crash' | 'ack';
}

/** What one cycle did and found. */
export interface LiveCycleResult {
  readonly findings: readonly CycleFinding[];
  readonly statesChecked: number;
  readonly commitsAcknowledged: number;
  readonly operations: number;
  readonly killedByCrashPoint: boolean;
  /** The cycle's trace (for the timeline of a violation). */
  readonly records: readonly TraceRecord[];
  /** The state (and what recovery made of it) to continue from; absent when none passed. */
  readonly next?: { readonly state: CrashState; readonly entries: ReadonlyMap<string, string> };
}

/** Runs one crash cycle. */
export async function runLiveCycle(options: LiveCycleOptions): Promise<LiveCycleResult> {
  const random = createRandom(options.seed);
  const run = await runInChild({
    launch: options.launch,
    workload: options.workload,
    seed: options.faultSeed,
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    ...(options.base === undefined ? {} : { base: options.base }),
    ...(options.crashAfterOperation === undefined ? {} : { crashAfterOperation: options.crashAfterOperation }),
    ...(options.killAfterMs === undefined ? {} : { killAfterMs: options.killAfterMs }),
  });
  const history = historyFromTrace(run.records, run.commits, options.initialEntries);
  const findings: CycleFinding[] = [];
  let statesChecked = 0;
  if (run.openFailure !== undefined) {
    // The previous cycle's state passed in-process recovery; the real engine refused it.
    const state = options.base;
    if (state !== undefined) {
      findings.push({ finding: { property: 'P4', message: `the engine could not recover a state that was accepted before (${run.openFailure.code}: ${run.openFailure.message})` }, state, kind: 'crash' });
    }
    return { findings, statesChecked, commitsAcknowledged: 0, operations: 0, killedByCrashPoint: false, records: run.records };
  }

  const judgeA1 = judgesA1(options.models);
  const builders = createMetadataBuilders(options.base === undefined ? {} : { base: options.base.files, baseDirectories: options.base.directories }, options.metadataModels);
  const ackBoundaries = judgeA1 ? sampleAckBoundaries(run.records, random) : new Set<number>();
  let end = 0;
  for (const stop of traceBoundaries(run.records, (record) => builders.apply(record))) {
    end = stop.boundary;
    if (stop.final || !ackBoundaries.has(stop.boundary)) continue;
    for (const { builder } of builders.each) {
      const state = builder.build(A1_MODEL, stateSeed(options.seed, stop.boundary, A1_MODEL));
      const checked = await checkCrashState(state, history, options.recover, { judgeA1, judgement: judgementOf(A1_MODEL, options.models) });
      statesChecked += 1;
      for (const finding of checked.findings) findings.push({ finding, state, kind: 'ack' });
    }
  }

  const passed: { state: CrashState; entries: ReadonlyMap<string, string> }[] = [];
  for (const { builder } of builders.each) {
    for (const model of options.models) {
      const state = builder.build(model, stateSeed(options.seed, builders.operationCount, model));
      const checked = await checkCrashState(state, history, options.recover, { judgeA1 });
      statesChecked += 1;
      for (const finding of checked.findings) findings.push({ finding, state, kind: 'crash' });
      if (checked.findings.length === 0 && checked.recovery.kind === 'recovered') passed.push({ state, entries: new Map(checked.recovery.entries) });
    }
  }
  const next = passed.length === 0 ? undefined : passed[random.nextInt(passed.length)];
  return {
    findings,
    statesChecked,
    commitsAcknowledged: history.commits.filter((commit) => commit.status === 'acknowledged').length,
    operations: end,
    killedByCrashPoint: run.killedByCrashPoint,
    records: run.records,
    ...(next === undefined ? {} : { next }),
  };
}

/** A seeded sample of the boundaries right after an ack (at most `ACK_STATES_PER_CYCLE`), where A1 is judged. */
function sampleAckBoundaries(records: readonly TraceRecord[], random: Random): Set<number> {
  const withAcks = [...traceBoundaries(records)].filter((stop) => !stop.final && acksAt(stop).length > 0).map((stop) => stop.boundary);
  const sampled = new Set<number>();
  for (let draw = 0; draw < Math.min(ACK_STATES_PER_CYCLE, withAcks.length); draw += 1) sampled.add(withAcks[random.nextInt(withAcks.length)] as number);
  return sampled;
}
