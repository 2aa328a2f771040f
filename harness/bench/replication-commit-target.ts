/**
 * The bench's replication targets (`unplug bench --replica`): `unplug engine`
 * as a child process, alone, or serving a replica (a second child following it
 * over a unix socket, engine/replication/) asynchronously or synchronously, so
 * the cost of a synchronous replica is measured on the same disk in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Write } from '../../engine/engine-types.js';
import { InfrastructureError } from '../cli/exit-codes.js';
import type { EngineProcess } from '../engine-client/engine-process.js';
import { startEngine } from '../engine-client/start-engine.js';
import type { ReplicationBenchMode } from './bench-plan.js';
import { openChildProcessTarget } from './child-process-commit-target.js';
import type { CommitTarget } from './commit-target.js';

async function ready(label: string, started: Awaited<ReturnType<typeof startEngine>>): Promise<EngineProcess> {
  if (started.kind === 'ready') return started.engine;
  throw new InfrastructureError(`${label} did not start: ${started.kind === 'fatal' ? `${started.code}: ${started.message}` : `killed by ${started.signal}`}`);
}

/** Opens the target of one replication variant in `directory`. */
export async function openReplicationTarget(mode: ReplicationBenchMode, directory: string, seed: number): Promise<CommitTarget> {
  if (mode === 'none') return openChildProcessTarget({ directory, syncMethod: 'fdatasync', seed });
  // A unix socket path is limited to 107 bytes, so the socket lives in a short directory of its own.
  const socketDirectory = mkdtempSync(path.join(tmpdir(), 'unplug-sock-'));
  const socketPath = path.join(socketDirectory, 'primary.sock');
  const children: EngineProcess[] = [];
  try {
    const primary = await ready(
      `primary (${mode} replica)`,
      await startEngine({ kind: 'reference', options: { serveReplicas: socketPath, synchronousReplica: mode === 'synchronous' } }, { directory: path.join(directory, 'primary') }),
    );
    children.push(primary);
    children.push(await ready('replica', await startEngine({ kind: 'reference', options: { replicaOf: socketPath } }, { directory: path.join(directory, 'replica') })));
    const label = `unplug fdatasync (child-process, ${mode} replica)`;
    return {
      label,
      commit: async (tx: number, writes: readonly Write[]) => {
        const answer = await primary.commit(tx, writes);
        if (answer.kind === 'ack') return;
        throw new InfrastructureError(`${label} answered ${answer.kind === 'error' ? `error ${answer.code}: ${answer.message}` : 'by exiting'}`);
      },
      syncCount: () => undefined,
      close: async () => {
        await Promise.all(children.map((child) => child.close()));
        rmSync(socketDirectory, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.all(children.map((child) => child.kill()));
    rmSync(socketDirectory, { recursive: true, force: true });
    throw error;
  }
}
