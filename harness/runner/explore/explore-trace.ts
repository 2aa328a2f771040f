/**
 * The inner loop of explore mode (ALICE's idea): one walk over a trace
 * (`traceBoundaries`), and at each chosen boundary (every `boundaryStride`-th,
 * every one right after an ack, and the end) the crash state of every selected
 * model is built, recovered and checked, plus the state that judges A1 right
 * after acks (`statesAtBoundary`). A deadline stops the pass between crash
 * states; the result says how many of the planned boundaries it checked.
 */
import type { CrashModel } from '../../crash-state/crash-models.js';
import type { CrashState } from '../../crash-state/crash-state.js';
import { createCrashStateBuilder, type CrashStateBuilderOptions } from '../../crash-state/crash-state-builder.js';
import { survivingUnitCount, type PersistenceMask } from '../../crash-state/persistence-mask.js';
import { createRandom, type Random } from '../../random/random.js';
import type { CommitHistory } from '../../oracle/commit-history.js';
import type { OracleFinding } from '../../oracle/oracle-types.js';
import type { TraceRecord } from '../../trace/trace-record.js';
import { checkCrashState, judgesA1, stateSeed, statesAtBoundary } from '../../core/check-crash-state.js';
import type { CrashStateRecoverer } from '../../core/recover-crash-state.js';
import { isPast } from '../../core/scenario-time-budget.js';
import { acksAt, traceBoundaries, type TraceBoundary } from '../../core/trace-boundaries.js';

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
  /** Keep a seeded sample of this many passed states that kept unsynced work: where a recovery run starts. @defaultValue 0 */
  readonly recoveryCandidates?: number;
}

/** A crash state that passed, and what recovery made of it: a recovery run can continue from it. */
export interface RecoveredCandidate {
  readonly state: CrashState;
  readonly entries: readonly (readonly [string, string])[];
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
  /** The sample of `recoveryCandidates` (empty when none was asked for). */
  readonly recoveryCandidates: readonly RecoveredCandidate[];
}

/** True when a crash state kept some unsynced work (a torn tail, a half-written file): recovery has something to repair. */
function keptUnsyncedWork(state: CrashState): boolean {
  return state.mask.kind === 'all' || survivingUnitCount(state.mask) > 0;
}

/** True when the walk stops at `stop`: every `stride`-th boundary, every one right after an ack, and the end. */
function isPlanned(stop: TraceBoundary, stride: number): boolean {
  return stop.final || stop.boundary % stride === 0 || acksAt(stop).length > 0;
}

/** The boundaries `exploreTrace` checks, in order: every `stride`-th, every one right after an ack, and the last. */
export function plannedBoundaries(records: readonly TraceRecord[], stride: number): number[] {
  const planned: number[] = [];
  for (const stop of traceBoundaries(records)) if (isPlanned(stop, stride) && planned.at(-1) !== stop.boundary) planned.push(stop.boundary);
  return planned;
}

/** Explores every chosen boundary of a trace under every model. */
export async function exploreTrace(options: ExploreTraceOptions): Promise<ExploreTraceResult> {
  const builder = createCrashStateBuilder(options);
  const stride = Math.max(1, options.boundaryStride ?? 1);
  const boundariesPlanned = plannedBoundaries(options.records, stride).length;
  const judgeA1 = judgesA1(options.models);
  const findings: BoundaryFinding[] = [];
  let statesChecked = 0;
  let boundaries = 0;
  let lastChecked = -1;
  let cutByDeadline = false;
  const candidates = createReservoir<RecoveredCandidate>(options.recoveryCandidates ?? 0, createRandom(options.seed).fork('recovery-candidates'));
  const result = (): ExploreTraceResult => ({ findings, statesChecked, boundaries, boundariesPlanned, cutByDeadline, recoveryCandidates: candidates.items });

  /** Checks the states of one boundary; true when one of them violated a property. */
  const checkHere = async (stop: TraceBoundary): Promise<boolean> => {
    if (stop.boundary === lastChecked || !isPlanned(stop, stride)) return false;
    lastChecked = stop.boundary;
    if (isPast(options.deadlineMs)) {
      cutByDeadline = true;
      return false;
    }
    boundaries += 1;
    let found = false;
    for (const planned of statesAtBoundary(options.models, acksAt(stop).length > 0)) {
      // Checked between states too (one boundary under six models can take seconds); a boundary
      // cut part-way still counts as checked, since some of its states were.
      if (isPast(options.deadlineMs)) {
        cutByDeadline = true;
        break;
      }
      const state = builder.build(planned.model, stateSeed(options.seed, stop.boundary, planned.model));
      const { findings: stateFindings, recovery } = await checkCrashState(state, options.history, options.recover, { judgeA1, judgement: planned.judgement });
      statesChecked += 1;
      if (stateFindings.length === 0 && recovery.kind === 'recovered' && planned.judgement === 'every-property' && keptUnsyncedWork(state)) candidates.offer({ state, entries: recovery.entries });
      options.onState?.();
      for (const finding of stateFindings) findings.push({ finding, boundary: stop.boundary, model: planned.model, state });
      found ||= stateFindings.length > 0;
    }
    return found;
  };

  for (const stop of traceBoundaries(options.records, (record) => builder.apply(record))) {
    if ((await checkHere(stop)) && options.stopAtFirstViolation === true) return result();
    if (cutByDeadline) return result();
  }
  return result();
}

/** A seeded reservoir sample of at most `size` items offered one by one. */
function createReservoir<T>(size: number, random: Random): { offer(item: T): void; readonly items: readonly T[] } {
  const items: T[] = [];
  let offered = 0;
  return {
    offer(item: T): void {
      if (size <= 0) return;
      offered += 1;
      if (items.length < size) items.push(item);
      else {
        const slot = random.nextInt(offered);
        if (slot < size) items[slot] = item;
      }
    },
    get items() {
      return items;
    },
  };
}

/** Rebuilds the state at `boundary` under `model` with a given mask (replay and mask shrinking); undefined past the trace's end. */
export function buildStateAt(records: readonly TraceRecord[], boundary: number, model: CrashModel, seed: number, mask: PersistenceMask | undefined, base: CrashStateBuilderOptions = {}): CrashState | undefined {
  const builder = createCrashStateBuilder(base);
  for (const stop of traceBoundaries(records, (record) => builder.apply(record))) {
    if (stop.boundary === boundary) return builder.build(model, seed, mask);
  }
  return undefined;
}
