/**
 * Worker threads that recover the reference engine's crash states in
 * parallel. In explore mode the reference engine recovers in process, on the
 * main thread, so `--jobs` bought nothing there: the main thread builds,
 * digests and judges states while these threads recover them, one core each.
 * The results are those of `recoverReferenceInProcess` on the main thread
 * (the worker calls it); `runInOrder` keeps the report independent of which
 * thread finished first.
 *
 * The threads are shared by every scenario of a process and started on first
 * use (each loads the engine, about 50 ms); they hold the process open only
 * while they have work, so a finished campaign exits without closing them.
 */
import { Worker } from 'node:worker_threads';
import type { MaterialisedContents } from '../crash-state/materialise-crash-state.js';
import type { ReferenceEngineOptions } from '../engine-client/engine-launch.js';
import { recoveryWorkerPath } from '../engine-client/repository-root.js';
import type { RecoveryResult } from '../oracle/oracle-types.js';
import { toPortableState } from './portable-state.js';

/** The most recovery threads a process starts. */
export const RECOVERY_WORKERS_MAX = 16;

/** A worker and what it has in flight. */
interface RecoveryThread {
  readonly worker: Worker;
  inFlight: number;
  readonly pending: Map<number, { readonly resolve: (result: RecoveryResult) => void; readonly reject: (error: Error) => void }>;
}

const threads: RecoveryThread[] = [];
let nextId = 1;

function startThread(): RecoveryThread {
  const thread: RecoveryThread = { worker: new Worker(recoveryWorkerPath()), inFlight: 0, pending: new Map() };
  thread.worker.unref();
  thread.worker.on('message', (message: { id: number; result?: RecoveryResult; error?: string }) => {
    const waiting = thread.pending.get(message.id);
    if (waiting === undefined) return;
    thread.pending.delete(message.id);
    settled(thread);
    if (message.error !== undefined) waiting.reject(new Error(`reference recovery worker: ${message.error}`));
    else waiting.resolve(message.result as RecoveryResult);
  });
  const fail = (error: Error): void => {
    // A dead thread is replaced on the next recovery; what it held fails loudly (our bug, not a verdict).
    threads.splice(threads.indexOf(thread), 1);
    for (const waiting of thread.pending.values()) waiting.reject(new Error(`reference recovery worker died: ${error.message}`));
    thread.pending.clear();
  };
  thread.worker.on('error', fail);
  thread.worker.on('exit', (code) => {
    if (thread.pending.size > 0) fail(new Error(`exit code ${code}`));
  });
  return thread;
}

function settled(thread: RecoveryThread): void {
  thread.inFlight -= 1;
  if (thread.inFlight === 0) thread.worker.unref();
}

/** The thread with the least in flight among the first `count` (started as needed). */
function threadFor(count: number): RecoveryThread {
  const wanted = Math.min(Math.max(1, count), RECOVERY_WORKERS_MAX);
  while (threads.length < wanted) threads.push(startThread());
  return threads.slice(0, wanted).reduce((least, thread) => (thread.inFlight < least.inFlight ? thread : least));
}

/** Recovers `state` on one of `threadCount` worker threads, as `recoverReferenceInProcess` would on this one. */
export function recoverReferenceOnWorker(state: MaterialisedContents, options: ReferenceEngineOptions, threadCount: number): Promise<RecoveryResult> {
  const thread = threadFor(threadCount);
  const id = nextId++;
  const portable = toPortableState(state);
  return new Promise((resolve, reject) => {
    thread.pending.set(id, { resolve, reject });
    if (thread.inFlight === 0) thread.worker.ref();
    thread.inFlight += 1;
    thread.worker.postMessage({ id, state: portable, options }, [portable.packed]);
  });
}
