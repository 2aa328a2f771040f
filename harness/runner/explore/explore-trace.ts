/**
 * The inner loop of explore mode (ALICE's idea): one walk over a trace
 * (`traceBoundaries`), and at each chosen boundary (every `boundaryStride`-th,
 * every one right after an ack, and the end) the crash state of every selected
 * model is built, recovered and checked, plus the state that judges A1 right
 * after acks (`statesAtBoundary`). Each distinct state is recovered once, up
 * to `jobs` at a time, and judged in trace order. A deadline stops the pass
 * between crash states; the result says how many of the planned boundaries it checked.
 */
import type { CrashModel } from '../../crash-state/crash-models.js';
import type { CrashState } from '../../crash-state/crash-state.js';
import { createCrashStateBuilder, type CrashStateBuilder, type CrashStateBuilderOptions } from '../../crash-state/crash-state-builder.js';
import { createMetadataBuilders } from '../../crash-state/metadata-builders.js';
import type { MetadataModel } from '../../crash-state/metadata-models.js';
import { survivingUnitCount, type PersistenceMask } from '../../crash-state/persistence-mask.js';
import { createRandom, type Random } from '../../random/random.js';
import type { CommitHistory } from '../../oracle/commit-history.js';
import type { OracleFinding, RecoveryResult } from '../../oracle/oracle-types.js';
import type { TraceRecord } from '../../trace/trace-record.js';
import { checkCrashState, judgesA1, type PlannedState, stateSeed, statesAtBoundary } from '../../core/check-crash-state.js';
import { BudgetAccumulator } from '../../recovery-pool/budget-report.js';
import { runInOrder } from '../../recovery-pool/ordered-pool.js';
import { RecoveredStateCache } from '../../recovery-pool/recovered-state-cache.js';
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
export interface ExploreTraceOptions extends Omit<CrashStateBuilderOptions, 'metadata'> {
  readonly records: readonly TraceRecord[];
  /** Every state is built under each of these metadata models (`--metadata`). @defaultValue ['strict'] */
  readonly metadataModels?: readonly MetadataModel[];
  /** The full history on the trace's clock (`historyFromTrace`). */
  readonly history: CommitHistory;
  readonly models: readonly CrashModel[];
  readonly seed: number;
  readonly recover: CrashStateRecoverer;
  /** Checks a recovery that showed a violation before it is reported (a reopened engine against a fresh start). */
  readonly confirm?: (state: CrashState, recovery: RecoveryResult) => Promise<void>;
  /** @defaultValue 1 */
  readonly boundaryStride?: number;
  /** Stop at the first boundary with a violation (shrinking wants speed, not a census). */
  readonly stopAtFirstViolation?: boolean;
  /** Called after each crash state is checked. */
  readonly onState?: () => void;
  /** Stop before the next crash state once `performance.now()` passes this. */
  readonly deadlineMs?: number;
  /** Recoveries run at once (`--jobs`); the result does not depend on it. @defaultValue 1 */
  readonly jobs?: number;
  /** Where the time of building, recovering and checking is added up (`--budget-report`). */
  readonly budget?: BudgetAccumulator;
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
  /** Of `statesChecked`, the states the engine recovered: the others had the contents of one recovered before. */
  readonly distinctStatesRecovered: number;
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

/** One crash state of the walk, built ahead of its recovery. */
interface StateToCheck {
  readonly boundary: number;
  readonly planned: PlannedState;
  readonly state: CrashState;
  /** The last state of its boundary: where a stop at the first violation happens. */
  readonly lastOfBoundary: boolean;
}

/**
 * Explores every chosen boundary of a trace under every model. States are
 * built in trace order and recovered up to `jobs` at a time, each distinct
 * state once (`RecoveredStateCache`); the oracle judges them in trace order,
 * so the result is the same whatever the job count.
 */
export async function exploreTrace(options: ExploreTraceOptions): Promise<ExploreTraceResult> {
  const builders = createMetadataBuilders(options, options.metadataModels);
  const stride = Math.max(1, options.boundaryStride ?? 1);
  const boundariesPlanned = plannedBoundaries(options.records, stride).length;
  const judgeA1 = judgesA1(options.models);
  const budget = options.budget ?? new BudgetAccumulator();
  const cache = new RecoveredStateCache(options.recover);
  const findings: BoundaryFinding[] = [];
  let statesChecked = 0;
  let distinctStatesRecovered = 0;
  let boundaries = 0;
  let lastCounted = -1;
  let cutByDeadline = false;
  const candidates = createReservoir<RecoveredCandidate>(options.recoveryCandidates ?? 0, createRandom(options.seed).fork('recovery-candidates'));

  /** The states to check, built lazily in trace order: the pool pulls one when a job slot is free. */
  function* statesToCheck(): Generator<StateToCheck> {
    let lastChecked = -1;
    for (const stop of traceBoundaries(options.records, (record) => builders.apply(record))) {
      if (stop.boundary === lastChecked || !isPlanned(stop, stride)) continue;
      lastChecked = stop.boundary;
      // Every planned state under each metadata model: strict's states first, as with strict alone.
      const planned = builders.each.flatMap(({ builder }) => statesAtBoundary(options.models, acksAt(stop).length > 0).map((plannedState) => ({ builder, plannedState })));
      for (const [index, { builder, plannedState }] of planned.entries()) {
        // Checked between states too (one boundary under six models can take seconds); a boundary
        // cut part-way still counts as checked, since some of its states were.
        if (isPast(options.deadlineMs)) {
          cutByDeadline = true;
          return;
        }
        const state = budget.time('building', () => builder.build(plannedState.model, stateSeed(options.seed, stop.boundary, plannedState.model)));
        yield { boundary: stop.boundary, planned: plannedState, state, lastOfBoundary: index === planned.length - 1 };
      }
    }
  }

  let foundAtBoundary = false;
  await runInOrder(
    statesToCheck(),
    options.jobs ?? 1,
    // In-process recovery runs synchronously inside `cache.recover`, so the span starts before it.
    (item) =>
      budget.timeAsync('recovering', async () => {
        const cached = cache.recover(item.state);
        return { recovery: await cached.result, firstSeen: cached.firstSeen };
      }),
    async (item, { recovery, firstSeen }) => {
      if (item.boundary !== lastCounted) {
        lastCounted = item.boundary;
        boundaries += 1;
        foundAtBoundary = false;
      }
      const { findings: stateFindings } = await budget.timeAsync('checking', () =>
        checkCrashState(item.state, options.history, async () => recovery, { judgeA1, judgement: item.planned.judgement }),
      );
      if (stateFindings.length > 0) await options.confirm?.(item.state, recovery);
      statesChecked += 1;
      if (firstSeen) distinctStatesRecovered += 1;
      // Offered in trace order, so the seeded sample does not depend on the job count either.
      if (stateFindings.length === 0 && recovery.kind === 'recovered' && item.planned.judgement === 'every-property' && keptUnsyncedWork(item.state)) {
        candidates.offer({ state: item.state, entries: recovery.entries });
      }
      budget.countStates(1, firstSeen ? 1 : 0);
      options.onState?.();
      for (const finding of stateFindings) findings.push({ finding, boundary: item.boundary, model: item.planned.model, state: item.state });
      foundAtBoundary ||= stateFindings.length > 0;
      return !(foundAtBoundary && item.lastOfBoundary && options.stopAtFirstViolation === true);
    },
  );
  return { findings, statesChecked, distinctStatesRecovered, boundaries, boundariesPlanned, cutByDeadline, recoveryCandidates: candidates.items };
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
  const builder: CrashStateBuilder = createCrashStateBuilder(base);
  for (const stop of traceBoundaries(records, (record) => builder.apply(record))) {
    if (stop.boundary === boundary) return builder.build(model, seed, mask);
  }
  return undefined;
}
