/**
 * What a store must provide to be served over protocol v1 by the adapter kit
 * (`serve-store.ts`). The methods mirror the protocol's requests one to one;
 * the kit does the framing, ids, limits, error responses and the `ready` and
 * `fatal` lines (format: docs/protocol.md).
 */
import type { Write } from '../../engine/engine-types.js';

/** A value that may be returned directly or through a promise. */
export type MaybePromise<T> = T | Promise<T>;

/** What `open` may report about recovery; every field is optional and shown in the `ready` line. */
export interface AdapterRecovery {
  /** Free text, e.g. `clean` or `torn-tail`. @defaultValue `'clean'` */
  readonly outcome?: string;
  readonly commitsReplayed?: number;
  readonly tornBytesTruncated?: number;
  readonly checkpointLsn?: string;
}

/** What `open` may return. */
export interface AdapterOpenResult {
  readonly recovery?: AdapterRecovery;
}

/**
 * A store served by `serveProtocol`. Every method may return a promise; the
 * kit answers requests one at a time and never calls a method while another
 * call is pending, so a store need not be reentrant.
 */
export interface AdapterStore {
  /** Opens (and recovers) the store in `directory`; throw an `AdapterError` with code `CORRUPT` to refuse it. */
  open(directory: string): MaybePromise<AdapterOpenResult | void>;
  /** Applies `writes` atomically (`null` deletes); resolve only once the commit is durable. */
  commit(tx: number, writes: readonly Write[]): MaybePromise<void>;
  /** The committed value of `key`; null or undefined when there is none. */
  get(key: string): MaybePromise<string | null | undefined>;
  /** Every committed key/value pair, in any order (the kit sorts them). */
  dump(): MaybePromise<Iterable<readonly [string, string]>>;
  /** Runs a checkpoint; a store without one leaves it out and `checkpoint` is answered `ok`. */
  checkpoint?(): MaybePromise<void>;
  /** Flushes and closes the store; called once per `open` (again before each `open` of the `reopen` capability). */
  close(): MaybePromise<void>;
  /** The store's log position as `X/Y` hex, shown in acks; the kit counts commits when absent. */
  lsn?(): string;
}

/** A failure with a protocol error code (`CORRUPT`, `EIO`, `ENOSPC`, `POISONED`, ...). */
export class AdapterError extends Error {
  override readonly name = 'AdapterError';
  constructor(
    readonly code: string,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}
