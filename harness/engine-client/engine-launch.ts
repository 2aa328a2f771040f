/**
 * How to start an engine under test, as data, and the command line it becomes.
 * The reference engine is `node <unplug>/bin/unplug-engine.js --dir <d> ...`;
 * any other engine is a command string to which `--dir <d>` is appended. A Node
 * program (`node ...`, or a `.js`/`.mjs`/`.cjs` script) is traced through the
 * preload shim, set up with NODE_OPTIONS so the program itself is unchanged.
 * Leading `NAME=VALUE` words of a command set the engine's environment
 * (`engine-command-words.ts`, which also says which variable unplug drops).
 */
import type { DefectName, SyncMethod } from '../../engine/engine-types.js';
import { SHIM_CONFIG_ENVIRONMENT_VARIABLE, type ShimConfig } from '../shim/shim-config.js';
import { prepareEngineShim } from '../native/prepare-engine-shim.js';
import type { ShimChoice } from '../native/choose-shim.js';
import { engineLauncherPath, preloadShimPath, repositoryRoot } from './repository-root.js';
import { engineEnvironment, parseEngineCommand } from './engine-command-words.js';

/** The reference engine's options, as `unplug engine` flags take them. */
export interface ReferenceEngineOptions {
  readonly syncMethod?: SyncMethod;
  readonly segmentSizeBytes?: number;
  readonly checkpointWalBytes?: number;
  readonly defects?: readonly DefectName[];
  /** Streaming replication (harness/cluster/): serve a replica on this unix socket. */
  readonly serveReplicas?: string;
  /** With `serveReplicas`: acknowledge only once the replica flushed. */
  readonly synchronousReplica?: boolean;
  /** Follow the primary serving on this unix socket (a replica). */
  readonly replicaOf?: string;
  /** Publish the flush LSN for change data capture (`--publish-flush-lsn`). */
  readonly publishFlushLsn?: boolean;
}

/** Which engine to start. */
export type EngineLaunch =
  | { readonly kind: 'reference'; readonly options: ReferenceEngineOptions }
  /** A protocol-v1 command line, run in `cwd`. */
  | {
      readonly kind: 'command';
      readonly command: string;
      /**
       * Where the command runs, so where its relative paths resolve: the user's
       * working directory for `--engine` (a user writes paths from where they
       * stand), unplug's own root for the engines its scenarios name.
       * @defaultValue unplug's repository root
       */
      readonly cwd?: string;
      /** Which shim traces it (`--shim`): the native LD_PRELOAD shim, the Node preload shim, or chosen by the program. @defaultValue 'auto' */
      readonly shim?: ShimChoice;
    };

/** A resolved command line. */
export interface EngineCommandLine {
  readonly file: string;
  readonly args: readonly string[];
  /** Added to the harness's environment; an undefined value removes a variable. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** A short name for messages: 'reference engine' or the command. */
  readonly label: string;
  /** Which shim traces a command engine, when one does: only the Node preload shim can be retargeted (`retarget-channel.ts`). */
  readonly shimKind?: 'node' | 'native';
}

export { splitCommand } from './engine-command-words.js';

/** True when the command starts a Node program (so the preload shim can trace it). */
export function isNodeProgram(parts: readonly string[]): boolean {
  const [first = ''] = parts;
  return /(^|\/)node(\.exe)?$/.test(first) || /\.(m|c)?js$/.test(first);
}

/** The reference engine's `unplug engine` flags for `options`. */
export function referenceEngineFlags(options: ReferenceEngineOptions): string[] {
  const flags: string[] = [];
  if (options.syncMethod !== undefined) flags.push('--sync-method', options.syncMethod);
  if (options.segmentSizeBytes !== undefined) flags.push('--segment-size', String(options.segmentSizeBytes));
  if (options.checkpointWalBytes !== undefined) flags.push('--checkpoint-wal-bytes', String(options.checkpointWalBytes));
  for (const defect of options.defects ?? []) flags.push('--defect', defect);
  if (options.serveReplicas !== undefined) flags.push('--serve-replicas', options.serveReplicas);
  if (options.synchronousReplica === true) flags.push('--synchronous-replica');
  if (options.replicaOf !== undefined) flags.push('--replica-of', options.replicaOf);
  if (options.publishFlushLsn === true) flags.push('--publish-flush-lsn');
  return flags;
}

/** A short name for messages: 'reference engine' or `engine '<command>'`. */
export function engineLabel(launch: EngineLaunch): string {
  return launch.kind === 'reference' ? 'reference engine' : `engine '${launch.command}'`;
}

/** The command line that starts `launch` on `directory`, traced and faulted by `shim` when given. */
export function resolveEngineCommandLine(launch: EngineLaunch, directory: string, shim?: ShimConfig): EngineCommandLine {
  const env: Record<string, string | undefined> = {};
  if (shim !== undefined) env[SHIM_CONFIG_ENVIRONMENT_VARIABLE] = JSON.stringify(shim);
  const cwd = launch.kind === 'command' && launch.cwd !== undefined ? launch.cwd : repositoryRoot();
  if (launch.kind === 'reference') {
    // The reference engine never speaks TLS: loading extra CA certificates would only slow each start.
    Object.assign(env, engineEnvironment({}));
    return {
      file: process.execPath,
      args: [engineLauncherPath(), '--dir', directory, ...referenceEngineFlags(launch.options)],
      env,
      cwd,
      label: engineLabel(launch),
    };
  }
  const { assignments, words: parts } = parseEngineCommand(launch.command);
  const [first, ...rest] = parts;
  const nodeProgram = isNodeProgram(parts);
  Object.assign(env, engineEnvironment(assignments));
  // Hook of the native shim (harness/native): it picks the shim and prepares the native one's environment.
  const shimSetup = shim === undefined ? undefined : prepareEngineShim(parts, nodeProgram, launch.shim ?? 'auto', shim, cwd, assignments['LD_PRELOAD'] ?? process.env['LD_PRELOAD']);
  if (shimSetup?.kind === 'native') Object.assign(env, shimSetup.env);
  if (shimSetup?.kind === 'node') {
    const inherited = assignments['NODE_OPTIONS'] ?? process.env['NODE_OPTIONS'] ?? '';
    env['NODE_OPTIONS'] = `${inherited} --import ${JSON.stringify(preloadShimPath())}`.trim();
  }
  // A bare script path runs with this Node, so the engine does not depend on PATH.
  const startsWithScript = first !== undefined && /\.(m|c)?js$/.test(first);
  const file = startsWithScript || first === 'node' ? process.execPath : (first ?? '');
  const args = startsWithScript ? [first, ...rest] : rest;
  return { file, args: [...args, '--dir', directory], env, cwd, label: engineLabel(launch), ...(shimSetup === undefined ? {} : { shimKind: shimSetup.kind }) };
}
