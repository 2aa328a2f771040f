/**
 * Targets the bench reaches through a child process and protocol v1, spoken by
 * the harness's shared engine client (`harness/engine-client/`), so the bench
 * measures the protocol as the harness itself uses it:
 *
 * - the reference engine as users run it: `unplug engine --dir <dir>`;
 * - the echo child (`echo-child.ts`), the yardstick of the host's round trip.
 *
 * Commits are written without waiting, matched to acks by id. Protocol v1 has
 * no stats request, so these targets cannot count syncs.
 */
import path from 'node:path';
import type { SyncMethod, Write } from '../../engine/engine-types.js';
import { assertNever } from '../../engine/invariants.js';
import { InfrastructureError } from '../cli/exit-codes.js';
import type { EngineLaunch } from '../engine-client/engine-launch.js';
import type { EngineProcess } from '../engine-client/engine-process.js';
import { repositoryRoot } from '../engine-client/repository-root.js';
import { startEngine } from '../engine-client/start-engine.js';
import type { ShimConfig } from '../shim/shim-config.js';
import type { CommitTarget } from './commit-target.js';
import { syncLatencyShimConfig } from './sync-latency-shim-config.js';

/** Options of `openChildProcessTarget`. */
export interface ChildProcessTargetOptions {
  readonly directory: string;
  readonly syncMethod: SyncMethod;
  readonly injectedSyncLatencyMs?: number;
  readonly seed: number;
}

/** The compiled echo child (children run compiled JavaScript, also under the test runner). */
export function echoChildPath(): string {
  return path.join(repositoryRoot(), 'dist', 'harness', 'bench', 'echo-child.js');
}

/** Starts `launch` on `directory` and wraps the running child as a commit target. */
async function openProtocolTarget(launch: EngineLaunch, directory: string, label: string, shim?: ShimConfig): Promise<CommitTarget> {
  const started = await startEngine(launch, { directory, ...(shim === undefined ? {} : { shim }) });
  if (started.kind !== 'ready') {
    const why = started.kind === 'fatal' ? `${started.code}: ${started.message}` : `killed by ${started.signal}`;
    throw new InfrastructureError(`${label} did not start: ${why}`);
  }
  const engine: EngineProcess = started.engine;
  return {
    label,
    commit: async (tx: number, writes: readonly Write[]) => {
      const answer = await engine.commit(tx, writes);
      switch (answer.kind) {
        case 'ack':
          return;
        case 'error':
          throw new InfrastructureError(`${label} answered error ${answer.code}: ${answer.message}`);
        case 'exited':
          throw new InfrastructureError(`${label} exited with a commit in flight`);
        default:
          assertNever(answer, 'commit answer');
      }
    },
    syncCount: () => undefined,
    close: () => engine.close(),
  };
}

/** Starts `unplug engine` with `options` and resolves once it printed `ready`. */
export function openChildProcessTarget(options: ChildProcessTargetOptions): Promise<CommitTarget> {
  const latencyMs = options.injectedSyncLatencyMs ?? 0;
  const shim = latencyMs > 0 ? syncLatencyShimConfig(options.directory, latencyMs, options.seed) : undefined;
  const label = `unplug ${options.syncMethod} (child-process${latencyMs > 0 ? `, +${latencyMs} ms per sync` : ''})`;
  return openProtocolTarget({ kind: 'reference', options: { syncMethod: options.syncMethod } }, options.directory, label, shim);
}

/** Starts the echo child (it ignores `directory`, which the launch convention passes anyway). */
export function openEchoTarget(directory: string): Promise<CommitTarget> {
  return openProtocolTarget({ kind: 'command', command: `node ${JSON.stringify(echoChildPath())}` }, directory, 'echo child (node)');
}
