/**
 * The engine's committed key/value state: the map recovery rebuilt from the
 * data file and the log, changed only by acknowledged commits (a commit is
 * applied in the same turn as its acknowledgement, after its sync).
 */
import type { Write } from '../engine-types.js';

/** Committed keys and values. */
export class CommittedState {
  constructor(private readonly entries: Map<string, string>) {}

  /** The committed value of `key`, or undefined. */
  get(key: string): string | undefined {
    return this.entries.get(key);
  }

  /** Every entry, sorted by key (UTF-16 code unit order, as the data file stores them). */
  dump(): readonly (readonly [string, string])[] {
    return [...this.entries.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** Applies one commit's writes: a string puts, null deletes. */
  apply(writes: readonly Write[]): void {
    for (const [key, value] of writes) {
      if (value === null) this.entries.delete(key);
      else this.entries.set(key, value);
    }
  }
}
