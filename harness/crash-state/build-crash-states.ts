/**
 * Every crash state of one trace: each chosen operation boundary times each
 * model, streamed in one pass over the records (explore mode's inner loop).
 */
import type { TraceRecord } from '../trace/trace-record.js';
import type { CrashModel } from './crash-models.js';
import type { CrashState } from './crash-state.js';
import { createCrashStateBuilder, type CrashStateBuilderOptions } from './crash-state-builder.js';
import { CrashStateError } from './crash-state-error.js';

/** Options of `buildCrashStates`. */
export interface BuildCrashStatesOptions extends CrashStateBuilderOptions {
  readonly models: readonly CrashModel[];
  readonly seed: number;
  /** 'all' (the default): every boundary 0..N of an N-operation trace; or the operation indexes to crash at. */
  readonly boundaries?: 'all' | readonly number[];
}

/**
 * Yields, for each boundary in trace order and each model in the given order,
 * the crash state after that many file-system operations. Each state equals
 * `createCrashStateBuilder().build(model, seed)` at the same boundary.
 */
export function* buildCrashStates(records: Iterable<TraceRecord>, options: BuildCrashStatesOptions): Generator<CrashState> {
  const wanted = options.boundaries === undefined || options.boundaries === 'all' ? undefined : new Set(options.boundaries);
  for (const boundary of wanted ?? []) {
    if (!Number.isSafeInteger(boundary) || boundary < 0) throw new CrashStateError('BOUNDARY_OUT_OF_RANGE', `operation boundary ${boundary} is not a non-negative integer`);
  }
  const builder = createCrashStateBuilder(options);
  const emitted = new Set<number>();
  function* statesHere(): Generator<CrashState> {
    const boundary = builder.operationCount;
    if (emitted.has(boundary) || (wanted !== undefined && !wanted.has(boundary))) return;
    emitted.add(boundary);
    for (const model of options.models) yield builder.build(model, options.seed);
  }
  for (const record of records) {
    // The state at boundary N is taken just before the (N+1)-th file-system
    // operation, so faults and output recorded after operation N are part of it.
    if (record.kind !== 'output' && record.kind !== 'fault') yield* statesHere();
    builder.apply(record);
  }
  yield* statesHere();
  const beyond = [...(wanted ?? [])].filter((boundary) => boundary > builder.operationCount);
  if (beyond.length > 0) {
    throw new CrashStateError('BOUNDARY_OUT_OF_RANGE', `operation boundaries ${beyond.join(', ')} lie beyond the trace's ${builder.operationCount} operations`);
  }
}
