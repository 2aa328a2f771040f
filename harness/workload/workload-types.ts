/**
 * A workload as plain data: what the harness asks an engine to do, in the order
 * it is issued. Transaction ids are unique within a run (chained cycles start at
 * a higher `firstTx`), and every value is self-describing (`commit-value.ts`).
 */
import type { Write } from '../../engine/engine-types.js';

/** One step of a workload. */
export type WorkloadOperation =
  /** A multi-key transaction; a `null` value deletes the key. */
  | { readonly kind: 'commit'; readonly tx: number; readonly writes: readonly Write[] }
  /** Ask the engine to checkpoint (apply the log to its data file and recycle segments). */
  | { readonly kind: 'checkpoint' };

/** A generated workload. */
export interface Workload {
  readonly operations: readonly WorkloadOperation[];
  /** How many clients issue the operations concurrently (operation i goes to client i mod clients). */
  readonly clients: number;
}

/** The shape of generated workloads. */
export interface WorkloadOptions {
  /** Number of operations (commits and checkpoints). */
  readonly operationCount: number;
  /** Keys are drawn from `k0` .. `k<keyCount-1>`; few keys mean many overwrites. */
  readonly keyCount: number;
  /** @defaultValue 4 */
  readonly writesPerCommitMax?: number;
  /** Values range from their header (about 8 bytes) to this size. @defaultValue 65536 */
  readonly valueSizeBytesMax?: number;
  /**
   * Sizes drawn below this are raised to it; equal to `valueSizeBytesMax`, every value of a tx-id
   * width has one size (commits then lay out in a fixed pattern, which some recovery bugs need). @defaultValue 0
   */
  readonly valueSizeBytesMin?: number;
  /** Share of writes that are deletes. @defaultValue 0.1 */
  readonly deleteFraction?: number;
  /** Share of operations that are checkpoints. @defaultValue 0 */
  readonly checkpointFraction?: number;
  /** The first transaction id. @defaultValue 1 */
  readonly firstTx?: number;
  /** @defaultValue 1 */
  readonly clients?: number;
}

/** Hard limits on generated workloads, so a typo cannot ask for a gigabyte. */
export const WORKLOAD_LIMITS = Object.freeze({
  operationCountMax: 100_000,
  keyCountMax: 100_000,
  writesPerCommitMax: 64,
  valueSizeBytesMax: 64 * 1024,
  clientsMax: 256,
});

/** The commits of a workload, in issue order. */
export function workloadCommits(workload: Workload): readonly Extract<WorkloadOperation, { kind: 'commit' }>[] {
  return workload.operations.filter((operation): operation is Extract<WorkloadOperation, { kind: 'commit' }> => operation.kind === 'commit');
}
