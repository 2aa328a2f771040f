/**
 * The inner loop of explore mode (ALICE's idea): one pass over a trace, and at
 * each operation boundary (every `boundaryStride`-th, plus every boundary right
 * after an ack) the crash state under each model is built, recovered and
 * checked. A lost commit in the power-loss state just after its ack is also
 * reported as A1: the ack was sent before the commit was durable. A deadline
 * stops the pass between crash states; the result says how many of the
 * planned boundaries it checked.
 */
import type { CrashModel } from '../../crash-state/crash-models.js';
import type { CrashState } from '../../crash-state/crash-state.js';
import { createCrashStateBuilder, type CrashStateBuilderOptions } from '../../crash-state/crash-state-builder.js';
import type { PersistenceMask } from '../../crash-state/persistence-mask.js';
import { createRandom } from '../../random/random.js';
import { checkRecoveredState } from '../../oracle/check-recovered-state.js';
import { historyAtCut, type CommitHistory } from '../../oracle/commit-history.js';
import type { OracleFinding, RecoveryResult } from '../../oracle/oracle-types.js';
import type { TraceRecord } from '../../trace/trace-record.js';
import type { CrashStateRecoverer } from '../../core/recover-crash-state.js';
import { isPast } from '../../core/scenario-time-budget.js';
import { isOperationRecord, parseOutputEvent } from '../../core/traced-history.js';

/** One violation found at one boundary under one model. */
export interface BoundaryFinding {
  readonly finding: OracleFinding;
  readonly boundary: number;
  readonly model: CrashModel;
  readonly state: CrashState;
}

/** Options of `exploreTrace`. */
export interface ExploreTraceOptions extends CrashStateBuilderOptions {
  readonly records: readonly TraceRecord[];
  /** The full history on the trace's clock (`historyFromTrace`). */
  readonly history: CommitHistory;
  readonly models: readonly CrashModel[];
  readonly seed: number;
  readonly recover: CrashStateRecoverer;
  /** @defaultValue 1 */
  readonly boundaryStride?: number;
  /** Stop at the first boundary with a violation (shrinking wants speed, not a census). */
  readonly stopAtFirstViolation?: boolean;
  /** Called after each crash state is checked. */
  readonly onState?: () => void;
  /** Stop before the next crash state once `performance.now()` passes this. */
  readonly deadlineMs?: number;
}

/** What one exploration found. */
export interface ExploreTraceResult {
  readonly findings: readonly BoundaryFinding[];
  readonly statesChecked: number;
  /** Boundaries checked (under every model, or until the deadline). */
  readonly boundaries: number;
  /** Boundaries the pass meant to check: every `boundaryStride`-th, every one after an ack, and the last. */
  readonly boundariesPlanned: number;
  /** True when the deadline stopped the pass before it checked every planned boundary. */
  readonly cutByDeadline: boolean;
}

/** The seed of the state at `boundary` under `model`: independent of which other states are built. */
export function stateSeed(seed: number, boundary: number, model: CrashModel): number {
  return createRandom(seed).fork(`${boundary}/${model}`).nextUint32();
}

/** Recovers one crash state and checks it: the oracle's findings, plus A1 for acks just before the boundary. */
export async function checkCrashState(
  state: CrashState,
  history: CommitHistory,
  recover: CrashStateRecoverer,
  acksJustBefore: readonly number[],
): Promise<{ readonly findings: OracleFinding[]; readonly recovery: RecoveryResult }> {
  const cut = historyAtCut(history, state.operationIndex + 1);
  const recovery = await recover(state);
  const findings = checkRecoveredState(cut, recovery, { faultModel: state.model });
  if (state.model !== 'power-loss' || acksJustBefore.length === 0) return { findings, recovery };
  const acknowledgedBeforeDurable = findings
    .filter((finding) => finding.property === 'P1' && finding.tx !== undefined && acksJustBefore.includes(finding.tx))
    .map((finding): OracleFinding => ({ ...finding, property: 'A1', message: `${finding.message}; it was acknowledged before it was durable` }));
  return { findings: [...findings, ...acknowledgedBeforeDurable], recovery };
}

/** The boundaries `exploreTrace` checks, in order: every `stride`-th, every one right after an ack, and the last. */
export function plannedBoundaries(records: readonly TraceRecord[], stride: number): number[] {
  const planned: number[] = [];
  let operations = 0;
  let ackSinceOperation = false;
  for (const record of records) {
    if (isOperationRecord(record)) {
      if (operations % stride === 0 || ackSinceOperation) planned.push(operations);
      ackSinceOperation = false;
      operations += 1;
    } else if (record.kind === 'output' && parseOutputEvent(record.line)?.kind === 'ack') ackSinceOperation = true;
  }
  if (planned.at(-1) !== operations) planned.push(operations);
  return planned;
}

/** Explores every chosen boundary of a trace under every model. */
export async function exploreTrace(options: ExploreTraceOptions): Promise<ExploreTraceResult> {
  const builder = createCrashStateBuilder(options);
  const stride = Math.max(1, options.boundaryStride ?? 1);
  const boundariesPlanned = plannedBoundaries(options.records, stride).length;
  const findings: BoundaryFinding[] = [];
  let statesChecked = 0;
  let boundaries = 0;
  let acksSinceOperation: number[] = [];
  let lastChecked = -1;
  let cutByDeadline = false;
  const result = (): ExploreTraceResult => ({ findings, statesChecked, boundaries, boundariesPlanned, cutByDeadline });

  const checkHere = async (final: boolean): Promise<boolean> => {
    const boundary = builder.operationCount;
    if (boundary === lastChecked) return false;
    if (!final && boundary % stride !== 0 && acksSinceOperation.length === 0) return false;
    lastChecked = boundary;
    if (isPast(options.deadlineMs)) {
      cutByDeadline = true;
      return false;
    }
    boundaries += 1;
    let found = false;
    for (const model of options.models) {
      // Checked between states too (one boundary under six models can take seconds); a boundary
      // cut part-way still counts as checked, since some of its states were.
      if (isPast(options.deadlineMs)) {
        cutByDeadline = true;
        break;
      }
      const state = builder.build(model, stateSeed(options.seed, boundary, model));
      const { findings: stateFindings } = await checkCrashState(state, options.history, options.recover, acksSinceOperation);
      statesChecked += 1;
      options.onState?.();
      for (const finding of stateFindings) findings.push({ finding, boundary, model, state });
      found ||= stateFindings.length > 0;
    }
    return found;
  };

  for (const record of options.records) {
    if (isOperationRecord(record)) {
      if ((await checkHere(false)) && options.stopAtFirstViolation === true) return result();
      if (cutByDeadline) return result();
      acksSinceOperation = [];
    } else if (record.kind === 'output') {
      const event = parseOutputEvent(record.line);
      if (event?.kind === 'ack') acksSinceOperation.push(event.tx);
    }
    builder.apply(record);
  }
  await checkHere(true);
  return result();
}

/** Rebuilds the state at `boundary` under `model` with a given mask (replay and mask shrinking). */
export function buildStateAt(records: readonly TraceRecord[], boundary: number, model: CrashModel, seed: number, mask: PersistenceMask | undefined, base: CrashStateBuilderOptions = {}): { state: CrashState; acksJustBefore: number[] } | undefined {
  const builder = createCrashStateBuilder(base);
  let acksSinceOperation: number[] = [];
  for (const record of records) {
    if (isOperationRecord(record)) {
      if (builder.operationCount === boundary) break;
      acksSinceOperation = [];
    } else if (record.kind === 'output') {
      const event = parseOutputEvent(record.line);
      if (event?.kind === 'ack') acksSinceOperation.push(event.tx);
    }
    builder.apply(record);
  }
  if (builder.operationCount !== boundary) return undefined;
  return { state: builder.build(model, seed, mask), acksJustBefore: acksSinceOperation };
}
