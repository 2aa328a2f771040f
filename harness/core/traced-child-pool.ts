/**
 * Reuses one traced engine child across explore mode's traced runs when the
 * engine offers `reopen` and runs under the Node preload shim: a traced Node
 * start costs tens of milliseconds, a `reopen` a few. Explore traces two runs
 * per workload (the run itself and a recovery run), so for an engine outside
 * unplug's process the starts were most of a campaign's time.
 *
 *   start(run N) -> idle child? -- no --> fresh traced start (retargetable)
 *                        | yes
 *                        v
 *        retarget the shim to run N (trace N, faults N) -> reopen(dir N)
 *   ... workload ...
 *   finish(run N) -> retarget to an untraced parking directory -> reopen(park)
 *                    (the engine closes store N, still traced into trace N,
 *                     then opens the parking store: trace N is complete)
 *
 * Only runs that end cleanly (explore's 'close' ending, no crash point) are
 * pooled. What a reused child does is traced like a fresh one's, so the
 * verdicts rest on the same evidence; the difference a store with state
 * kept across `reopen` could make is checked where it matters, on recovery
 * (`reopen-recoverer.ts` recovers a sample of states in fresh processes), and
 * `--no-reopen` turns reuse off. A child that fails any step is killed, and
 * the next run starts a fresh one.
 */
import { ENGINE_CAPABILITIES } from '../../engine/host/protocol.js';
import { engineLabel, type EngineLaunch } from '../engine-client/engine-launch.js';
import type { EngineProcess } from '../engine-client/engine-process.js';
import { createTemporaryDirectory, removeTemporaryDirectory } from '../engine-client/process-registry.js';
import type { RetargetClient } from '../engine-client/retarget-client.js';
import { InfrastructureError } from '../errors/harness-errors.js';
import { startEngine, type EngineStartResult } from '../engine-client/start-engine.js';
import type { RecoveryResult } from '../oracle/oracle-types.js';
import type { ShimConfig } from '../shim/shim-config.js';
import { startRecovering } from './recover-crash-state.js';
import { describeEngineExit } from '../engine-client/engine-exit-error.js';

/** A traced start through the pool: a fresh start's result, or a reused child's. */
export type PooledStart = EngineStartResult | Extract<RecoveryResult, { kind: 'failed' }>;

/** A child parked on an untraced directory, ready for its next run. */
interface ParkedChild {
  readonly engine: EngineProcess;
  readonly retarget: RetargetClient;
  readonly parkDirectory: string;
}

/** The seed of the parking target (it injects nothing, so the seed draws nothing). */
const PARKING_SEED = 0;

/** A ready start through the pool: `finish` parks its child when it can be reused. */
export type PooledReady = Extract<PooledStart, { kind: 'ready' }>;

/** One reusable traced child for a command engine. */
export class TracedChildPool {
  #idle: ParkedChild | undefined;
  #closed = false;
  /** Runs started by a reopen (for tests). */
  reuses = 0;

  constructor(private readonly launch: Extract<EngineLaunch, { kind: 'command' }>) {}

  /** Starts a traced run on `directory` (holding a crash state when `recovering`): through the idle child, or a fresh one. */
  async start(directory: string, shim: ShimConfig, recovering: boolean): Promise<PooledStart> {
    const idle = this.#idle;
    this.#idle = undefined;
    if (idle !== undefined) {
      try {
        if (!idle.engine.exited) return await this.#reopen(idle, directory, shim, recovering);
      } finally {
        removeTemporaryDirectory(idle.parkDirectory);
      }
    }
    return recovering ? startRecovering(this.launch, directory, shim, { retargetable: true }) : startEngine(this.launch, { directory, shim, retargetable: true });
  }

  async #reopen(idle: ParkedChild, directory: string, shim: ShimConfig, recovering: boolean): Promise<PooledStart> {
    const { engine, retarget } = idle;
    try {
      await retarget.retarget(shim);
    } catch (error) {
      await engine.kill();
      throw error;
    }
    this.reuses += 1;
    const answer = await engine.reopen(directory);
    if (answer === undefined) {
      const exit = await engine.exit;
      if (recovering) return { kind: 'failed', code: 'EXITED', message: `the engine ${describeEngineExit(exit)} while recovering (after reopen)` };
      throw new InfrastructureError(`${engineLabel(this.launch)} ${describeEngineExit(exit)} while opening an empty data directory (after reopen)`);
    }
    if (answer.kind === 'fatal') {
      // Its trace is complete: the engine answered. Parked again, it serves the next run.
      await this.#park(engine, retarget);
      return { kind: 'fatal', code: answer.code, message: answer.message };
    }
    return { kind: 'ready', engine, lsn: answer.lsn, capabilities: [ENGINE_CAPABILITIES.reopen], retarget };
  }

  /**
   * Ends a run that `start` began: parks a reusable child (one under the
   * preload shim that offers `reopen`) on a new untraced directory, which
   * completes the run's trace, or closes it. Never throws: a child that cannot
   * be parked is killed. True when the child was parked.
   */
  async finish(started: PooledReady): Promise<boolean> {
    const { engine, retarget } = started;
    if (retarget === undefined || !started.capabilities.includes(ENGINE_CAPABILITIES.reopen) || this.#closed || engine.exited) {
      await engine.close();
      return false;
    }
    return this.#park(engine, retarget);
  }

  async #park(engine: EngineProcess, retarget: RetargetClient): Promise<boolean> {
    const parkDirectory = createTemporaryDirectory('park');
    try {
      await retarget.retarget({ root: parkDirectory, seed: PARKING_SEED });
      const answer = await engine.reopen(parkDirectory);
      if (answer?.kind !== 'ready') throw new Error('not parked');
    } catch {
      await engine.kill();
      removeTemporaryDirectory(parkDirectory);
      return false;
    }
    const previous = this.#idle;
    this.#idle = { engine, retarget, parkDirectory };
    if (previous !== undefined) {
      await previous.engine.close();
      removeTemporaryDirectory(previous.parkDirectory);
    }
    return true;
  }

  /** Closes the idle child, if any. */
  async close(): Promise<void> {
    this.#closed = true;
    const idle = this.#idle;
    this.#idle = undefined;
    if (idle === undefined) return;
    await idle.engine.close();
    removeTemporaryDirectory(idle.parkDirectory);
  }
}
