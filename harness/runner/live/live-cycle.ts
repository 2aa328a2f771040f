/**
 * One live crash cycle: a real engine child, SIGKILLed; then the crash states
 * of the kill point under every model, plus the power-loss states just after a
 * seeded sample of acks (A1), each recovered and checked. Returns the findings
 * and a state to continue the next cycle from (one whose recovery passed).
 */
import type { CrashModel } from '../../crash-state/crash-models.js';
import type { CrashState } from '../../crash-state/crash-state.js';
import { createCrashStateBuilder } from '../../crash-state/crash-state-builder.js';
import type { EngineLaunch } from '../../engine-client/engine-launch.js';
import type { OracleFinding } from '../../oracle/oracle-types.js';
import { createRandom } from '../../random/random.js';
import type { InjectedFault } from '../../shim/shim-config.js';
import type { TraceRecord } from '../../trace/trace-record.js';
import type { Workload } from '../../workload/workload-types.js';
import { runInChild } from '../../core/child-traced-run.js';
import { checkCrashState, stateSeed } from '../explore/explore-trace.js';
import type { CrashStateRecoverer } from '../../core/recover-crash-state.js';
import { historyFromTrace, isOperationRecord, parseOutputEvent } from '../../core/traced-history.js';

/** Power-loss states checked per cycle just after an ack (A1). */
export const ACK_STATES_PER_CYCLE = 4;

/** Options of `runLiveCycle`. */
export interface LiveCycleOptions {
  readonly launch: EngineLaunch;
  readonly models: readonly CrashModel[];
  readonly faults?: readonly InjectedFault[];
  readonly workload: Workload;
  readonly seed: number;
  readonly recover: CrashStateRecoverer;
  readonly base?: CrashState;
  readonly initialEntries: ReadonlyMap<string, string>;
  readonly crashAfterOperation?: number;
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
    seed: options.seed,
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    ...(options.base === undefined ? {} : { base: options.base }),
    ...(options.crashAfterOperation === undefined ? {} : { crashAfterOperation: options.crashAfterOperation }),
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

  const ackPositions = run.records.filter((record) => record.kind === 'output' && parseOutputEvent(record.line)?.kind === 'ack').length;
  const sampled = new Set(Array.from({ length: Math.min(ACK_STATES_PER_CYCLE, ackPositions) }, () => random.nextInt(Math.max(1, ackPositions))));
  const builder = createCrashStateBuilder(options.base === undefined ? {} : { base: options.base.files, baseDirectories: options.base.directories });
  let ackIndex = 0;
  let pendingAck: number | undefined;
  const checkAckState = async (): Promise<void> => {
    if (pendingAck === undefined) return;
    const state = builder.build('power-loss', stateSeed(options.seed, builder.operationCount, 'power-loss'));
    const checked = await checkCrashState(state, history, options.recover, [pendingAck]);
    statesChecked += 1;
    for (const finding of checked.findings) findings.push({ finding, state, kind: 'ack' });
    pendingAck = undefined;
  };
  for (const record of run.records) {
    if (isOperationRecord(record)) await checkAckState();
    else if (record.kind === 'output') {
      const event = parseOutputEvent(record.line);
      if (event?.kind === 'ack' && sampled.has(ackIndex++)) pendingAck = event.tx;
    }
    builder.apply(record);
  }
  await checkAckState();

  const passed: { state: CrashState; entries: ReadonlyMap<string, string> }[] = [];
  for (const model of options.models) {
    const state = builder.build(model, stateSeed(options.seed, builder.operationCount, model));
    const checked = await checkCrashState(state, history, options.recover, []);
    statesChecked += 1;
    for (const finding of checked.findings) findings.push({ finding, state, kind: 'crash' });
    if (checked.findings.length === 0 && checked.recovery.kind === 'recovered') passed.push({ state, entries: new Map(checked.recovery.entries) });
  }
  const next = passed.length === 0 ? undefined : passed[random.nextInt(passed.length)];
  return {
    findings,
    statesChecked,
    commitsAcknowledged: history.commits.filter((commit) => commit.status === 'acknowledged').length,
    operations: builder.operationCount,
    killedByCrashPoint: run.killedByCrashPoint,
    records: run.records,
    ...(next === undefined ? {} : { next }),
  };
}
