/**
 * Checks of an engine's first traced run on an empty data directory that
 * decide whether the harness can judge the engine at all. Both failures are
 * infrastructure (exit 3), never a verdict: an engine that quits while serving
 * has not been tested, and neither has one whose writes the shim cannot see
 * (every acknowledged commit would look lost, a false P1).
 */
import { readdirSync } from 'node:fs';
import { InfrastructureError } from '../errors/harness-errors.js';
import type { TraceRecord } from '../trace/trace-record.js';
import { describeEngineExit, type EngineExit } from './engine-exit-error.js';

/** Entries of the data directory named in the message, at most. */
const LISTED_ENTRIES_MAX = 3;

/** The engine exited on its own after `ready`, before the workload was done; `code` is `EXITED_WHILE_SERVING`. */
export class EngineExitedWhileServingError extends InfrastructureError {
  readonly code = 'EXITED_WHILE_SERVING';
}

/** The engine acknowledged commits but the trace holds none of its writes; `code` is `WRITES_INVISIBLE`. */
export class WritesInvisibleError extends InfrastructureError {
  readonly code = 'WRITES_INVISIBLE';
}

/** How an engine ended before its workload was done, for `checkEngineKeptServing`. */
export interface EarlyExit {
  readonly exit: EngineExit;
  /** The shim's own crash point killed it (the planned crash). */
  readonly killedByShimCrashPoint: boolean;
  readonly answered: number;
  readonly issued: number;
}

/**
 * Throws when an engine that was not killed by the shim's crash point ended
 * while the harness was still driving its workload on an empty directory.
 * An engine that stops after an injected fault fired (a fail-stop on EIO, as
 * PostgreSQL panics on a failed fsync) is reacting, not broken: its recovery is
 * judged as usual.
 */
export function checkEngineKeptServing(label: string, early: EarlyExit, records: readonly TraceRecord[]): void {
  const { exit, killedByShimCrashPoint, answered, issued } = early;
  if (killedByShimCrashPoint || records.some((record) => record.kind === 'fault')) return;
  throw new EngineExitedWhileServingError(
    `${label} ${describeEngineExit(exit)} after it printed ready, with ${answered} of ${issued} commits answered; an engine must serve requests until 'close'`,
  );
}

/** True for the records an engine's own file-system calls leave (not its stdout or injected faults). */
function isFileSystemRecord(record: TraceRecord): boolean {
  return record.kind !== 'output' && record.kind !== 'fault';
}

/**
 * Throws when the engine acknowledged commits and its data directory holds
 * files, yet the trace holds no file-system record: something other than
 * `node:fs` in the traced process wrote them. An engine that writes nothing at
 * all is left to the oracle (it loses every commit: a real P1).
 */
export function checkWritesVisible(label: string, records: readonly TraceRecord[], acknowledged: number, dataDirectory: string): void {
  if (acknowledged === 0 || records.some(isFileSystemRecord)) return;
  let entries: string[] = [];
  try {
    entries = readdirSync(dataDirectory);
  } catch {
    return;
  }
  if (entries.length === 0) return;
  const listed = entries.slice(0, LISTED_ENTRIES_MAX).join(', ') + (entries.length > LISTED_ENTRIES_MAX ? ', ...' : '');
  throw new WritesInvisibleError(
    `${label} acknowledged ${acknowledged} commits and wrote files in its data directory (${listed}), but none of its writes reached the trace: ` +
      "the Node preload shim sees only writes made through node:fs, not those of a native addon (better-sqlite3, classic-level), a child process or a static binary, so unplug cannot judge this engine. " +
      'Run it under the native shim (--shim native), which follows child processes and native addons, or use an engine whose writes go through node:fs.',
  );
}
