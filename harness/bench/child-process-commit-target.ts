/**
 * The reference engine as users run it: `unplug engine --dir <dir>` in a child
 * process, spoken to in protocol v1 (JSON lines, see engine/host/protocol.ts).
 * Commits are written without waiting, matched to acks by id. Protocol v1 has
 * no stats request, so this target cannot count syncs.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { SyncMethod, Write } from '../../engine/engine-types.js';
import { InfrastructureError } from '../cli/exit-codes.js';
import { SHIM_CONFIG_ENVIRONMENT_VARIABLE } from '../shim/shim-config.js';
import type { CommitTarget } from './commit-target.js';
import { syncLatencyShimConfig } from './sync-latency-shim-config.js';

/** Limits of the child target. */
export const CHILD_TARGET_LIMITS = Object.freeze({
  /** How long the engine may take to recover and print `ready`. */
  readyTimeoutMs: 30_000,
  /** How long `close` may take before the child is killed. */
  closeTimeoutMs: 30_000,
  /** A response line longer than this is a protocol violation. */
  responseLineBytesMax: 1024 * 1024,
});

/** Options of `openChildProcessTarget`. */
export interface ChildProcessTargetOptions {
  readonly directory: string;
  readonly syncMethod: SyncMethod;
  readonly injectedSyncLatencyMs?: number;
  readonly seed: number;
}

/** Finds `bin/unplug.js` above this module (it runs from the source tree in tests and from dist/ otherwise). */
export function findUnplugLauncher(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth += 1) {
    const candidate = path.join(directory, 'bin', 'unplug.js');
    if (fs.existsSync(candidate) && fs.existsSync(path.join(directory, 'package.json'))) return candidate;
    directory = path.dirname(directory);
  }
  throw new InfrastructureError('cannot find bin/unplug.js above the bench module');
}

type EngineChild = ChildProcessByStdio<Writable, Readable, Readable>;

/** A response line, as much of it as the bench reads. */
interface ResponseLine {
  readonly type?: string;
  readonly id?: number | null;
  readonly code?: string;
  readonly message?: string;
}

/** Starts `unplug engine` and resolves once it printed `ready`. */
export async function openChildProcessTarget(options: ChildProcessTargetOptions): Promise<CommitTarget> {
  const latencyMs = options.injectedSyncLatencyMs ?? 0;
  const environment: NodeJS.ProcessEnv = { ...process.env };
  if (latencyMs > 0) environment[SHIM_CONFIG_ENVIRONMENT_VARIABLE] = JSON.stringify(syncLatencyShimConfig(options.directory, latencyMs, options.seed));
  else delete environment[SHIM_CONFIG_ENVIRONMENT_VARIABLE];
  const child: EngineChild = spawn(process.execPath, [findUnplugLauncher(), 'engine', '--dir', options.directory, '--sync-method', options.syncMethod], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: environment,
  });
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let stderrTail = '';
  let failure: Error | undefined;
  let onReady: ((error?: Error) => void) | undefined;
  const fail = (error: Error): void => {
    failure ??= error;
    onReady?.(error);
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  const handleLine = (line: string): void => {
    let response: ResponseLine;
    try {
      response = JSON.parse(line) as ResponseLine;
    } catch {
      return fail(new InfrastructureError(`engine printed a line that is not JSON: ${line.slice(0, 200)}`));
    }
    if (response.type === 'ready') return onReady?.();
    if (response.type === 'fatal') return fail(new InfrastructureError(`engine failed to start: ${response.code ?? ''} ${response.message ?? ''}`));
    const waiter = typeof response.id === 'number' ? pending.get(response.id) : undefined;
    if (waiter === undefined) return;
    pending.delete(response.id as number);
    if (response.type === 'ack' || response.type === 'ok') waiter.resolve();
    else waiter.reject(new InfrastructureError(`engine answered ${response.type ?? '?'} ${response.code ?? ''}: ${response.message ?? ''}`));
  };
  let buffered = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline !== -1) {
      handleLine(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
    }
    if (buffered.length > CHILD_TARGET_LIMITS.responseLineBytesMax) fail(new InfrastructureError('engine printed an over-long line'));
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-2000);
  });
  child.stdin.on('error', () => {
    // A dead child surfaces through 'exit'; an EPIPE here says nothing more.
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.on('exit', (code, signal) => fail(new InfrastructureError(`engine exited (${signal ?? code ?? '?'}): ${stderrTail.trim()}`)));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new InfrastructureError(`engine did not print ready within ${CHILD_TARGET_LIMITS.readyTimeoutMs} ms`)), CHILD_TARGET_LIMITS.readyTimeoutMs);
    onReady = (error) => {
      clearTimeout(timer);
      onReady = undefined;
      if (error === undefined) resolve();
      else reject(error);
    };
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });

  let nextId = 1;
  const request = (body: Record<string, unknown>): Promise<void> => {
    if (failure !== undefined) return Promise.reject(failure);
    const id = nextId;
    nextId += 1;
    return new Promise<void>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      child.stdin.write(`${JSON.stringify({ id, ...body })}\n`);
    });
  };
  let closing: Promise<void> | undefined;
  return {
    label: `unplug ${options.syncMethod} (child-process${latencyMs > 0 ? `, +${latencyMs} ms per sync` : ''})`,
    commit: (tx: number, writes: readonly Write[]) => request({ type: 'commit', tx, writes }),
    syncCount: () => undefined,
    close: () => {
      closing ??= (async () => {
        const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TARGET_LIMITS.closeTimeoutMs);
        try {
          if (failure === undefined) await request({ type: 'close' }).catch(() => undefined);
          child.stdin.end();
          await exited;
        } finally {
          clearTimeout(timer);
        }
      })();
      return closing;
    },
  };
}
