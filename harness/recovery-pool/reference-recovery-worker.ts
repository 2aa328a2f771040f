/**
 * A worker thread that recovers crash states of the reference engine on its
 * own in-memory file system, with the same function the main thread uses
 * (`recoverReferenceInProcess`), so the two cannot disagree. Messages:
 *
 *   in:  { id, state: PortableState, options: ReferenceEngineOptions }
 *   out: { id, result: RecoveryResult } | { id, error: string }
 *
 * An error is a bug of ours (the engine's refusals are results); the pool
 * rethrows it on the main thread with this thread's stack.
 */
import { parentPort } from 'node:worker_threads';
import type { ReferenceEngineOptions } from '../engine-client/engine-launch.js';
import { recoverReferenceInProcess } from '../core/recover-crash-state.js';
import { fromPortableState, type PortableState } from './portable-state.js';

/** A request to the worker. */
export interface RecoveryRequest {
  readonly id: number;
  readonly state: PortableState;
  readonly options: ReferenceEngineOptions;
}

parentPort?.on('message', (request: RecoveryRequest) => {
  recoverReferenceInProcess(fromPortableState(request.state), request.options).then(
    (result) => parentPort?.postMessage({ id: request.id, result }),
    (error: unknown) => parentPort?.postMessage({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
  );
});
