/**
 * Presents an `AdapterStore` as the reference engine's `Engine` interface, so
 * the reference protocol host (`engine/host/protocol-host.ts`) serves it with
 * exactly its own framing, limits and error responses. Only the translation
 * lives here: failures become typed engine errors, dumps are sorted, and a
 * store without a log position gets one counted in commits.
 */
import { EngineError, type CommitReceipt, type Engine, type EngineErrorCode, type EngineStats, type RecoveryOutcome, type RecoveryReport, type Write } from '../../engine/engine-types.js';
import type { AdapterRecovery, AdapterStore } from './adapter-store.js';

/** Codes a store's failure keeps on the wire; any other failure is INTERNAL (its fate unknown). */
const PASSED_THROUGH_CODES: ReadonlySet<string> = new Set<EngineErrorCode>(['CORRUPT', 'EIO', 'ENOSPC', 'POISONED', 'CLOSED', 'INVALID_ARGUMENT', 'QUEUE_FULL']);

/** An `Engine` over `store`, which `open` has already opened. */
export function storeEngine(store: AdapterStore, recovery: AdapterRecovery, durationMs: number): Engine {
  let commitsAcknowledged = 0;
  let checkpoints = 0;
  let closing: Promise<void> | undefined;
  const lsn = (): string => (store.lsn === undefined ? `0/${commitsAcknowledged.toString(16).toUpperCase()}` : store.lsn());
  const endLsn = lsn();
  const report: RecoveryReport = {
    // The protocol's outcome is free text for engines other than the reference one.
    outcome: (recovery.outcome ?? 'clean') as RecoveryOutcome,
    checkpointLsn: recovery.checkpointLsn ?? '0/0',
    endLsn,
    commitsReplayed: recovery.commitsReplayed ?? 0,
    tornBytesTruncated: recovery.tornBytesTruncated ?? 0,
    durationMs,
  };
  return {
    recovery: report,
    async commit(tx: number, writes: readonly Write[]): Promise<CommitReceipt> {
      await translateFailure(() => store.commit(tx, writes));
      commitsAcknowledged += 1;
      return { tx, lsn: lsn() };
    },
    get(key: string): string | undefined {
      const value: unknown = store.get(key);
      if (value instanceof Promise) throw new TypeError('the store\'s get() returned a promise; the adapter kit needs it synchronous');
      return typeof value === 'string' ? value : undefined;
    },
    dump(): readonly (readonly [string, string])[] {
      const entries: unknown = store.dump();
      if (entries instanceof Promise) throw new TypeError('the store\'s dump() returned a promise; the adapter kit needs it synchronous');
      return [...(entries as Iterable<readonly [string, string]>)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    },
    lsn,
    async checkpoint(): Promise<void> {
      await translateFailure(() => store.checkpoint?.());
      checkpoints += 1;
    },
    close(): Promise<void> {
      closing ??= translateFailure(() => store.close());
      return closing;
    },
    stats(): EngineStats {
      return { commitsAcknowledged, groupFlushes: 0, syncs: 0, checkpoints, walBytesWritten: 0 };
    },
  };
}

/** Runs a store call, turning a failure with a known code (an `AdapterError`, a node:fs EIO) into an `EngineError`. */
async function translateFailure(call: () => unknown): Promise<void> {
  try {
    await call();
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
