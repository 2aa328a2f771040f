/**
 * Recovers crash states of an engine outside unplug's process through
 * long-lived children, one per job, when the engine offers the `reopen`
 * capability (protocol.ts): a fresh Node process costs tens of milliseconds to
 * start, a `reopen` a few. The first state a worker recovers starts it (a
 * fresh start, like `recoverInChild`); the next ones are sent to it as
 * `reopen` requests. An engine without the capability gets a fresh child per
 * state, as before.
 *
 * The honesty risk is a store that keeps something in memory across reopen
 * (a cache, a singleton handle): it would recover what an earlier state held
 * and hide a lost commit. So the answer of a reopen is checked against a fresh
 * process for every state that showed a violation (`confirm`) and for a seeded
 * sample of the others, one distinct state in `REOPEN_CROSS_CHECK_ONE_IN`
 * (chosen by the state's digest, so the sample does not depend on the job
 * count). A difference stops the campaign with an `InfrastructureError`
 * (exit 3) naming the engine and the state: "reopen is not equivalent to a
 * fresh start".
 *
 *   recover(state) -> idle worker? -- no --> start a child on the state (fresh start)
 *                          | yes
 *                          v
 *            materialise into a new directory -> reopen(dir) -> dump -> delete the old directory
 *                          |
 *              sampled? -> recoverInChild(state) -> same dump? -- no --> exit 3
 */
import { assertNever } from '../../engine/invariants.js';
import { NodeFileSystem } from '../../engine/fs/node-file-system.js';
import type { CrashState } from '../crash-state/crash-state.js';
import { materialiseCrashState } from '../crash-state/materialise-crash-state.js';
import { StateDigester } from '../crash-state/state-digest.js';
import { recoverInChild, startRecovering } from '../core/recover-crash-state.js';
import { engineLabel, type EngineLaunch } from '../engine-client/engine-launch.js';
import { describeEngineExit } from '../engine-client/engine-exit-error.js';
import type { EngineProcess } from '../engine-client/engine-process.js';
import { createTemporaryDirectory, removeTemporaryDirectory } from '../engine-client/process-registry.js';
import type { RecoveryResult } from '../oracle/oracle-types.js';
import { ENGINE_CAPABILITIES } from '../../engine/host/protocol.js';
import { checkSameRecovery } from './reopen-cross-check.js';

export { ReopenNotEquivalentError } from './reopen-cross-check.js';

/** One distinct state in this many (besides every violation) is recovered in a fresh process too and compared. */
export const REOPEN_CROSS_CHECK_ONE_IN = 16;

/** A recoverer backed by long-lived children; `close` ends them. */
export interface PooledRecoverer {
  readonly recover: (state: CrashState) => Promise<RecoveryResult>;
  /** Checks a state that showed a violation against a fresh process, when a reopen recovered it; throws `ReopenNotEquivalentError` when they differ. */
  readonly confirm: (state: CrashState, result: RecoveryResult) => Promise<void>;
  /** Closes every worker and deletes its directory. */
  readonly close: () => Promise<void>;
  /** How the states were recovered so far. */
  readonly stats: () => ReopenStats;
}

/** How a pooled recoverer recovered its states. */
export interface ReopenStats {
  /** States recovered by starting a process (a worker's first state, or every state of an engine without `reopen`). */
  readonly freshStarts: number;
  /** States recovered through `reopen`. */
  readonly reopens: number;
  /** Reopened states recovered again in a fresh process and compared. */
  readonly crossChecks: number;
}

/** Options of `createReopenRecoverer`. */
export interface ReopenRecovererOptions {
  /** Children kept at most (one per job). */
  readonly workers: number;
  /** The run's seed: the cross-checked sample is drawn from it. */
  readonly seed: number;
  /** @defaultValue REOPEN_CROSS_CHECK_ONE_IN */
  readonly crossCheckOneIn?: number;
}

/** A long-lived child and the directory it has open. */
interface Worker {
  readonly engine: EngineProcess;
  directory: string;
}

/** A recoverer for a command engine that reuses one child per job through `reopen`. */
export function createReopenRecoverer(launch: Extract<EngineLaunch, { kind: 'command' }>, options: ReopenRecovererOptions): PooledRecoverer {
  const oneIn = Math.max(1, options.crossCheckOneIn ?? REOPEN_CROSS_CHECK_ONE_IN);
  const digester = new StateDigester();
  const idle: Worker[] = [];
  const waiting: ((worker: Worker | undefined) => void)[] = [];
  /** Results a reopen produced (the ones worth confirming); a fresh start's are trusted. */
  const reopened = new WeakSet<RecoveryResult>();
  let workers = 0;
  /** False once the engine's first ready line lacked the capability: every state gets a fresh child. */
  let supported = true;
  let closed = false;
  const counts = { freshStarts: 0, reopens: 0, crossChecks: 0 };

  /** An idle worker, undefined when a new one may be started, or a wait for one to be released. */
  const acquire = (): Promise<Worker | undefined> => {
    const worker = idle.pop();
    if (worker !== undefined) return Promise.resolve(worker);
    if (workers < options.workers) {
      workers += 1;
      return Promise.resolve(undefined);
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  /** Hands a worker (or its slot, when it died) to the next waiting call. */
  const release = (worker: Worker | undefined): void => {
    if (closed && worker !== undefined) {
      void worker.engine.close().then(() => removeTemporaryDirectory(worker.directory));
      return;
    }
    const next = waiting.shift();
    if (next !== undefined) next(worker);
    else if (worker !== undefined) idle.push(worker);
    else workers -= 1;
  };
  const retire = async (worker: Worker): Promise<void> => {
    await worker.engine.kill();
    removeTemporaryDirectory(worker.directory);
  };

  /** A fresh start on the state; keeps the child as a worker when it offers `reopen`. */
  async function start(state: CrashState): Promise<{ result: RecoveryResult; worker?: Worker }> {
    const directory = createTemporaryDirectory('recover');
    let keep = false;
    try {
      materialiseCrashState(state, new NodeFileSystem(), directory);
      const started = await startRecovering(launch, directory);
      switch (started.kind) {
        case 'failed':
          return { result: started };
        case 'fatal':
          return { result: { kind: 'failed', code: started.code, message: started.message } };
        case 'crashed':
          return { result: { kind: 'failed', code: 'CRASHED', message: `the engine was killed by ${started.signal} during recovery` } };
        case 'ready': {
          const entries = await started.engine.dump();
          const result: RecoveryResult = entries === undefined ? { kind: 'failed', code: 'EXITED', message: 'the engine exited before answering dump' } : { kind: 'recovered', entries };
          if (entries !== undefined && started.capabilities.includes(ENGINE_CAPABILITIES.reopen) && !closed) {
            keep = true;
            return { result, worker: { engine: started.engine, directory } };
          }
          if (!started.capabilities.includes(ENGINE_CAPABILITIES.reopen)) supported = false;
          await started.engine.close();
          return { result };
        }
        default:
          return assertNever(started, 'engine start result');
      }
    } finally {
      if (!keep) removeTemporaryDirectory(directory);
    }
  }

  /** Recovers the state through a reopen of `worker`; the worker is undefined afterwards when the engine died. */
  async function reopen(worker: Worker, state: CrashState): Promise<{ result: RecoveryResult; worker?: Worker }> {
    const directory = createTemporaryDirectory('recover');
    try {
      materialiseCrashState(state, new NodeFileSystem(), directory);
      const answer = await worker.engine.reopen(directory);
      removeTemporaryDirectory(worker.directory);
      worker.directory = directory;
      if (answer === undefined) {
        // It died recovering this state: a failed recovery, as a fresh child dying would be.
        await retire(worker);
        return { result: { kind: 'failed', code: 'EXITED', message: `the engine ${describeEngineExit(await worker.engine.exit)} while recovering (after reopen)` } };
      }
      if (answer.kind === 'fatal') return { result: { kind: 'failed', code: answer.code, message: answer.message }, worker };
      const entries = await worker.engine.dump();
      if (entries === undefined) {
        await retire(worker);
        return { result: { kind: 'failed', code: 'EXITED', message: 'the engine exited before answering dump (after reopen)' } };
      }
      return { result: { kind: 'recovered', entries }, worker };
    } catch (error) {
      // A hang or garbage: the client has killed the engine already.
      removeTemporaryDirectory(directory);
      await retire(worker);
      throw error;
    }
  }

  /** Recovers the state in a fresh process and compares; throws when the reopen's answer differs. */
  async function crossCheck(state: CrashState, result: RecoveryResult): Promise<void> {
    counts.crossChecks += 1;
    checkSameRecovery(engineLabel(launch), state, result, await recoverInChild(state, launch));
  }

  async function recover(state: CrashState): Promise<RecoveryResult> {
    if (!supported || closed) {
      counts.freshStarts += 1;
      return recoverInChild(state, launch);
    }
    let worker = await acquire();
    if (worker?.engine.exited === true) {
      // It ended between two states (not while recovering one): this state gets a fresh start, not the blame.
      removeTemporaryDirectory(worker.directory);
      worker = undefined;
    }
    let outcome: { result: RecoveryResult; worker?: Worker };
    try {
      outcome = worker === undefined ? await start(state) : await reopen(worker, state);
    } catch (error) {
      release(undefined);
      throw error;
    }
    release(outcome.worker);
    if (worker === undefined) {
      counts.freshStarts += 1;
      return outcome.result;
    }
    counts.reopens += 1;
    reopened.add(outcome.result);
    const digest = digester.digest(state);
    const sampled = (Number.parseInt(digest.slice(0, 8), 16) + options.seed) % oneIn === 0;
    if (sampled) {
      await crossCheck(state, outcome.result);
      reopened.delete(outcome.result);
    }
    return outcome.result;
  }

  return {
    recover,
    stats: () => ({ ...counts }),
    async confirm(state, result) {
      if (!reopened.has(result)) return;
      await crossCheck(state, result);
      reopened.delete(result);
    },
    async close() {
      closed = true;
      const ending = idle.splice(0);
      await Promise.all(
        ending.map(async (worker) => {
          await worker.engine.close();
          removeTemporaryDirectory(worker.directory);
        }),
      );
    },
  };
}
