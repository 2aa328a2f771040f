/**
 * Starting the machines of a cluster run as real child processes of the
 * reference engine: a primary serving a replica on a unix socket, and a
 * replica following it under the shim (its trace is what a power loss of its
 * machine is built from), or restarted from such a crash state.
 */
import { join } from 'node:path';
import { NodeFileSystem } from '../../engine/fs/node-file-system.js';
import { createCrashStateBuilder } from '../crash-state/crash-state-builder.js';
import { materialiseCrashState } from '../crash-state/materialise-crash-state.js';
import type { ReferenceEngineOptions } from '../engine-client/engine-launch.js';
import type { EngineProcess } from '../engine-client/engine-process.js';
import { startEngine } from '../engine-client/start-engine.js';
import { InfrastructureError } from '../errors/harness-errors.js';
import type { InjectedFault } from '../shim/shim-config.js';
import { readTrace } from '../trace/trace-reader.js';
import { existsSync } from 'node:fs';

/** Where one cluster run keeps its files (all under one temporary directory). */
export interface ClusterPaths {
  readonly root: string;
  readonly socketPath: string;
  readonly primaryDirectory: string;
  readonly replicaDirectory: string;
  readonly replicaTracePath: string;
}

/** The paths of a cluster run under `root`. */
export function clusterPaths(root: string): ClusterPaths {
  return {
    root,
    socketPath: join(root, 'primary.sock'),
    primaryDirectory: join(root, 'primary'),
    replicaDirectory: join(root, 'replica'),
    replicaTracePath: join(root, 'replica-trace.bin'),
  };
}

async function started(what: string, result: Awaited<ReturnType<typeof startEngine>>): Promise<EngineProcess> {
  if (result.kind === 'ready') return result.engine;
  throw new InfrastructureError(`the ${what} did not start: ${result.kind === 'fatal' ? `${result.code}: ${result.message}` : `killed by ${result.signal}`}`);
}

/** Starts the primary, serving replicas on the run's socket. */
export async function startPrimary(paths: ClusterPaths, options: ReferenceEngineOptions, synchronous: boolean): Promise<EngineProcess> {
  const launch = { kind: 'reference' as const, options: { ...options, serveReplicas: paths.socketPath, synchronousReplica: synchronous } };
  return started('primary', await startEngine(launch, { directory: paths.primaryDirectory }));
}

/** Starts the replica under the shim, recording its trace. */
export async function startTracedReplica(paths: ClusterPaths, options: ReferenceEngineOptions, seed: number, faults: readonly InjectedFault[]): Promise<EngineProcess> {
  const launch = { kind: 'reference' as const, options: { ...replicaOptions(options), replicaOf: paths.socketPath } };
  const shim = { root: paths.replicaDirectory, tracePath: paths.replicaTracePath, seed, faults };
  return started('replica', await startEngine(launch, { directory: paths.replicaDirectory, shim }));
}

/**
 * The replica's machine lost power: builds the power-loss crash state of its
 * whole trace (synced data only), materialises it in `directory` and starts a
 * replica there (following the run's socket, whether or not a primary still serves it).
 */
export async function restartReplicaAfterPowerLoss(
  paths: ClusterPaths,
  options: ReferenceEngineOptions,
  directory: string,
  seed: number,
): Promise<{ readonly kind: 'ready'; readonly engine: EngineProcess } | { readonly kind: 'failed'; readonly code: string; readonly message: string }> {
  const records = existsSync(paths.replicaTracePath) ? readTrace(paths.replicaTracePath).records : [];
  const builder = createCrashStateBuilder();
  for (const record of records) builder.apply(record);
  materialiseCrashState(builder.build('power-loss', seed), new NodeFileSystem(), directory);
  const launch = { kind: 'reference' as const, options: { ...replicaOptions(options), replicaOf: paths.socketPath } };
  const result = await startEngine(launch, { directory });
  // A replica that cannot recover a state its machine's power loss allows is a finding, not infrastructure.
  if (result.kind === 'fatal') return { kind: 'failed', code: result.code, message: result.message };
  return { kind: 'ready', engine: await started('replica (after its power loss)', result) };
}

/** A replica runs the primary's storage options but none of its defects: the defects under test are the primary's. */
function replicaOptions(options: ReferenceEngineOptions): ReferenceEngineOptions {
  const { defects: _defects, ...rest } = options;
  return rest;
}
