/**
 * What the benchmark drives: anything that commits a batch of writes and
 * resolves once the commit is durable. The reference engine in this process,
 * the reference engine behind `unplug engine` in a child process, and the
 * optional peer engines (SQLite, LevelDB) all implement it, so one closed-loop
 * driver measures them alike.
 */
import type { Write } from '../../engine/engine-types.js';

/** How the engine under measurement is reached. */
export type BenchDriver = 'in-process' | 'child-process';

/** An engine under measurement. */
export interface CommitTarget {
  /** A short label for reports, e.g. `unplug fdatasync (child-process)`. */
  readonly label: string;
  /** Commits `writes` as transaction `tx`; resolves once durable (to anything: the driver only waits). */
  commit(tx: number, writes: readonly Write[]): Promise<unknown>;
  /** Syncs issued so far, or undefined when the target cannot tell (a child speaking protocol v1 has no stats request). */
  syncCount(): number | undefined;
  /** Flushes and closes; idempotent. */
  close(): Promise<void>;
}
