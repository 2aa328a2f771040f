/**
 * Opens the engine on a crash state and dumps what it recovered. The reference
 * engine recovers in process, on a fresh in-memory file system (the explore
 * mode allows it, and it is two orders of magnitude faster than a child);
 * any other engine recovers in a fresh child on a fresh temporary directory.
 * An engine that dies while recovering a crash state has failed recovery: that
 * is the oracle's P4 verdict to give, not an infrastructure failure.
 */
import { EngineError } from '../../engine/engine-types.js';
import { FileSystemError } from '../../engine/fs/file-system.js';
import { MemFileSystem } from '../../engine/fs/mem-file-system.js';
import { NodeFileSystem } from '../../engine/fs/node-file-system.js';
import { openEngine } from '../../engine/store/open-engine.js';
import { assertNever } from '../../engine/invariants.js';
import type { CrashState } from '../crash-state/crash-state.js';
import { materialiseCrashState } from '../crash-state/materialise-crash-state.js';
import type { EngineLaunch, ReferenceEngineOptions } from '../engine-client/engine-launch.js';
import { describeEngineExit, EngineExitedBeforeReadyError } from '../engine-client/engine-exit-error.js';
import { startEngine, type EngineStartResult } from '../engine-client/start-engine.js';
import { createTemporaryDirectory, removeTemporaryDirectory } from '../engine-client/process-registry.js';
import type { RecoveryResult } from '../oracle/oracle-types.js';
import type { ShimConfig } from '../shim/shim-config.js';

/** Recovers one crash state. */
export type CrashStateRecoverer = (state: CrashState) => Promise<RecoveryResult>;

/** Where in-process crash states are materialised on their in-memory file system. */
const IN_MEMORY_DATA_DIRECTORY = '/data';

/** The recovery result of an error thrown by an in-process engine; other errors are our bugs and rethrown. */
export function recoveryFailureOf(error: unknown): RecoveryResult {
  if (error instanceof EngineError) return { kind: 'failed', code: error.code, message: error.message };
  if (error instanceof FileSystemError) return { kind: 'failed', code: error.code, message: error.message };
  throw error;
}

/** Recovers the reference engine in process on a fresh MemFileSystem. */
export async function recoverReferenceInProcess(state: CrashState, options: ReferenceEngineOptions): Promise<RecoveryResult> {
  const fileSystem = new MemFileSystem();
  materialiseCrashState(state, fileSystem, IN_MEMORY_DATA_DIRECTORY);
  let engine;
  try {
    engine = await openEngine({ directory: IN_MEMORY_DATA_DIRECTORY, fileSystem, ...options });
  } catch (error) {
    return recoveryFailureOf(error);
  }
  // Not closed: the verdict rests on what recovery made of the state, and a clean close would only
  // write a control file into a file system thrown away with the engine (the open leaves no task behind).
  return { kind: 'recovered', entries: engine.dump() };
}

/**
 * Starts an engine on a directory holding a crash state. An engine that died
 * before it was ready is a failed recovery (its exit and stderr excerpt are the
 * message); a hang or garbage stays an `InfrastructureError`.
 */
export async function startRecovering(launch: EngineLaunch, directory: string, shim?: ShimConfig, options: { readonly retargetable?: boolean } = {}): Promise<EngineStartResult | Extract<RecoveryResult, { kind: 'failed' }>> {
  try {
    return await startEngine(launch, { directory, ...(shim === undefined ? {} : { shim }), ...options });
  } catch (error) {
    if (!(error instanceof EngineExitedBeforeReadyError)) throw error;
    const stderr = error.stderr === '' ? 'nothing on stderr' : `stderr: ${error.stderr}`;
    return { kind: 'failed', code: error.code, message: `the engine ${describeEngineExit(error.exit)} while recovering; ${stderr}` };
  }
}

/** Recovers any protocol-v1 engine in a fresh child on a fresh temporary directory. */
export async function recoverInChild(state: CrashState, launch: EngineLaunch): Promise<RecoveryResult> {
  const directory = createTemporaryDirectory('recover');
  try {
    materialiseCrashState(state, new NodeFileSystem(), directory);
    const started = await startRecovering(launch, directory);
    switch (started.kind) {
      case 'failed':
        return started;
      case 'fatal':
        return { kind: 'failed', code: started.code, message: started.message };
      case 'crashed':
        return { kind: 'failed', code: 'CRASHED', message: `the engine was killed by ${started.signal} during recovery` };
      case 'ready': {
        const entries = await started.engine.dump();
        await started.engine.close();
        if (entries === undefined) return { kind: 'failed', code: 'EXITED', message: 'the engine exited before answering dump' };
        return { kind: 'recovered', entries };
      }
      default:
        return assertNever(started, 'engine start result');
    }
  } finally {
    removeTemporaryDirectory(directory);
  }
}

/** The recoverer for an engine: in process for the reference engine, a fresh child otherwise. */
export function createRecoverer(launch: EngineLaunch): CrashStateRecoverer {
  if (launch.kind === 'reference') return (state) => recoverReferenceInProcess(state, launch.options);
  return (state) => recoverInChild(state, launch);
}
