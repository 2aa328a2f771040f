/**
 * A traced run of an engine in a child process: start it under the shim on a
 * data directory (holding `base`, when given), drive the workload, and end it
 * with a SIGKILL, either the shim's own at operation `crashAfterOperation` or
 * the harness's once the workload is done. Returns the trace and what the
 * harness heard. The data and trace directories are removed before returning.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Write } from '../../engine/engine-types.js';
import { NodeFileSystem } from '../../engine/fs/node-file-system.js';
import type { CrashState } from '../crash-state/crash-state.js';
import { materialiseCrashState } from '../crash-state/materialise-crash-state.js';
import { engineLabel, type EngineLaunch } from '../engine-client/engine-launch.js';
import { checkEngineKeptServing, checkWritesVisible, type EarlyExit } from '../engine-client/engine-run-checks.js';
import type { CommitAnswer } from '../engine-client/engine-process.js';
import { startEngine } from '../engine-client/start-engine.js';
import { startRecovering } from './recover-crash-state.js';
import { createTemporaryDirectory, removeTemporaryDirectory } from '../engine-client/process-registry.js';
import type { InjectedFault } from '../shim/shim-config.js';
import { readTrace } from '../trace/trace-reader.js';
import type { Workload } from '../workload/workload-types.js';
import { driveWorkload } from './drive-workload.js';
import type { TracedRun } from './traced-history.js';
import type { TracedChildPool } from './traced-child-pool.js';

/** Options of `runInChild`. */
export interface ChildRunOptions {
  readonly launch: EngineLaunch;
  readonly workload: Workload;
  readonly faults?: readonly InjectedFault[];
  readonly seed: number;
  readonly base?: CrashState;
  /** The shim SIGKILLs the engine after this many operations; otherwise the harness kills it at the end. */
  readonly crashAfterOperation?: number;
  /** The harness SIGKILLs the engine this long after it is ready: a kill at a wall-clock time, wherever the engine is then. */
  readonly killAfterMs?: number;
  /** Kill at the end (a crash) or close cleanly (explore's traced run). @defaultValue 'kill' */
  readonly ending?: 'kill' | 'close';
  /** Reuse a traced child through `reopen` (runs that end with 'close' and no crash point only). */
  readonly pool?: TracedChildPool;
}

/** Runs the workload against an engine child under the shim and returns the trace. */
export async function runInChild(options: ChildRunOptions): Promise<TracedRun & { readonly killedByCrashPoint: boolean }> {
  const directory = createTemporaryDirectory('live-data');
  const traceDirectory = createTemporaryDirectory('live-trace');
  const tracePath = join(traceDirectory, 'trace.bin');
  const commits = new Map<number, { tx: number; writes: readonly Write[]; answer?: CommitAnswer }>();
  try {
    if (options.base !== undefined) materialiseCrashState(options.base, new NodeFileSystem(), directory);
    const shim = {
      root: directory,
      tracePath,
      seed: options.seed,
      faults: options.faults ?? [],
      ...(options.crashAfterOperation === undefined ? {} : { crashAfterOperation: options.crashAfterOperation }),
    };
    // Dying on the empty directory is infrastructure (exit 3); dying on a crash state is a failed recovery.
    const pool = options.pool !== undefined && options.ending === 'close' && options.crashAfterOperation === undefined && options.killAfterMs === undefined && options.launch.kind === 'command' ? options.pool : undefined;
    const started =
      pool !== undefined
        ? await pool.start(directory, shim, options.base !== undefined)
        : options.base === undefined
          ? await startEngine(options.launch, { directory, shim })
          : await startRecovering(options.launch, directory, shim);
    let openFailure: TracedRun['openFailure'];
    let killedByCrashPoint = started.kind === 'crashed';
    let earlyExit: EarlyExit | undefined;
    if (started.kind === 'fatal' || started.kind === 'failed') openFailure = { code: started.code, message: started.message };
    if (started.kind === 'ready') {
      const { engine } = started;
      let killedAtTime = false;
      let parked = false;
      const timedKill =
        options.killAfterMs === undefined
          ? undefined
          : setTimeout(() => {
              killedAtTime = true;
              void engine.kill();
            }, options.killAfterMs);
      try {
        const driven = await driveWorkload(engine, options.workload, {
          onIssue: (tx, writes) => commits.set(tx, { tx, writes }),
          onAnswer: (tx, answer) => {
            const commit = commits.get(tx);
            if (commit !== undefined) commit.answer = answer;
          },
        });
        killedByCrashPoint = driven.engineExited || engine.exited;
        if (killedByCrashPoint && options.base === undefined) {
          // On an empty directory only the shim's own SIGKILL (or the harness's timed one, or a fault the shim injected) may end the engine early.
          const exit = await engine.exit;
          const answered = [...commits.values()].filter((commit) => commit.answer !== undefined).length;
          earlyExit = { exit, killedByShimCrashPoint: exit.signal === 'SIGKILL' && (options.crashAfterOperation !== undefined || killedAtTime), answered, issued: commits.size };
        }
        if ((options.ending ?? 'kill') === 'close') {
          if (pool === undefined) await engine.close();
          else parked = await pool.finish(started);
        }
      } finally {
        clearTimeout(timedKill);
        // A parked child lives on for the next run; any other is gone by now or killed here.
        if (!parked) await engine.kill();
      }
    }
    // No trace file: the engine never reached its first operation.
    const records = existsSync(tracePath) ? readTrace(tracePath).records : [];
    if (earlyExit !== undefined) checkEngineKeptServing(engineLabel(options.launch), earlyExit, records);
    if (options.base === undefined) checkWritesVisible(engineLabel(options.launch), records, [...commits.values()].filter((commit) => commit.answer?.kind === 'ack').length, directory);
    return { records, commits: [...commits.values()], killedByCrashPoint, ...(openFailure === undefined ? {} : { openFailure }) };
  } finally {
    removeTemporaryDirectory(directory);
    removeTemporaryDirectory(traceDirectory);
  }
}
