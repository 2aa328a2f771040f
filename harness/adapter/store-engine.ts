/**
 * Presents an `AdapterStore` to the adapter's session (`serial-session.ts`):
 * every call may be synchronous or return a promise, failures become typed
 * engine errors (so `error` responses carry EIO, ENOSPC, CORRUPT... exactly as
 * the reference host describes them), dumps are sorted, and a store without a
 * log position gets one counted in commits.
 */
import { EngineError, type EngineErrorCode, type RecoveryOutcome, type RecoveryReport, type Write } from '../../engine/engine-types.js';
import type { AdapterRecovery, AdapterStore } from './adapter-store.js';

/** Codes a store's failure keeps on the wire; any other failure is INTERNAL (its fate unknown). */
const PASSED_THROUGH_CODES: ReadonlySet<string> = new Set<EngineErrorCode>(['CORRUPT', 'EIO', 'ENOSPC', 'POISONED', 'CLOSED', 'BAD_REQUEST', 'INVALID_ARGUMENT', 'QUEUE_FULL']);

/** What the session calls: the store's methods, awaited and translated. */
export interface StoreEngine {
  readonly recovery: RecoveryReport;
  /** Resolves with the log position once the store says the commit is durable. */
  commit(tx: number, writes: readonly Write[]): Promise<string>;
  get(key: string): Promise<string | null>;
  /** Every entry, sorted by key. */
  dump(): Promise<readonly (readonly [string, string])[]>;
  lsn(): string;
  checkpoint(): Promise<void>;
  /** Closes the store once; later calls return the same promise. */
  close(): Promise<void>;
}

/** A `StoreEngine` over `store`, which `open` has already opened. */
export function storeEngine(store: AdapterStore, recovery: AdapterRecovery, durationMs: number): StoreEngine {
  let commitsAcknowledged = 0;
  let closing: Promise<void> | undefined;
  const lsn = (): string => (store.lsn === undefined ? `0/${commitsAcknowledged.toString(16).toUpperCase()}` : store.lsn());
  return {
    recovery: {
      // The protocol's outcome is free text for engines other than the reference one.
      outcome: (recovery.outcome ?? 'clean') as RecoveryOutcome,
      checkpointLsn: recovery.checkpointLsn ?? '0/0',
      endLsn: lsn(),
      commitsReplayed: recovery.commitsReplayed ?? 0,
      tornBytesTruncated: recovery.tornBytesTruncated ?? 0,
      durationMs,
    },
    async commit(tx, writes) {
      await translated(() => store.commit(tx, writes));
      commitsAcknowledged += 1;
      return lsn();
    },
    async get(key) {
      const value = await translated(() => store.get(key));
      return typeof value === 'string' ? value : null;
    },
    async dump() {
      const entries = await translated(() => store.dump());
      return [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    },
    lsn,
    checkpoint: () => translated(() => store.checkpoint?.()),
    close() {
      closing ??= translated(() => store.close());
      return closing;
    },
  };
}

/** Runs a store call, turning a failure with a known code (an `AdapterError`, a node:fs EIO) into an `EngineError`. */
async function translated<T>(call: () => T | Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw asEngineError(error);
  }
}

/** The `EngineError` for a store's failure, or the failure itself when its code means nothing to a client. */
export function asEngineError(error: unknown): unknown {
  if (error instanceof EngineError || !(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !PASSED_THROUGH_CODES.has(code)) return error;
  const injected = (error as { injected?: unknown }).injected === true;
  return new EngineError(code as EngineErrorCode, error.message, injected ? { injected } : {}, { cause: error });
}
