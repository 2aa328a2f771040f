/**
 * Starts an engine child with execa and waits for its `ready` (or `fatal`)
 * line. An engine that never gets ready, dies at start or prints garbage is an
 * `InfrastructureError` naming the engine (exit 3); one that dies is the
 * subclass `EngineExitedBeforeReadyError`, which callers recovering a crash
 * state report as a verdict instead. Every child is registered
 * with the process registry, so none outlives the harness.
 */
import type { Duplex } from 'node:stream';
import { execa } from 'execa';
import { assert } from '../../engine/invariants.js';
import { InfrastructureError } from '../errors/harness-errors.js';
import type { ShimConfig } from '../shim/shim-config.js';
import { resolveEngineCommandLine, type EngineLaunch } from './engine-launch.js';
import { EngineExitedBeforeReadyError, stderrExcerpt } from './engine-exit-error.js';
import { ENGINE_CLIENT_LIMITS, EngineProcess } from './engine-process.js';
import { parseEngineResponse, previewLine } from './engine-response.js';
import { createLineBuffer } from './line-buffer.js';
import { registerChild, unregisterChild } from './process-registry.js';
import { RetargetClient } from './retarget-client.js';
import { SHIM_CONFIG_ENVIRONMENT_VARIABLE } from '../shim/shim-config.js';

/** The child's descriptor that carries the retarget channel. */
const RETARGET_DESCRIPTOR = 3;

/** Options of `startEngine`. */
export interface StartEngineOptions {
  readonly directory: string;
  readonly shim?: ShimConfig;
  readonly readyTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /**
   * Give the preload shim a retarget channel, so the engine can be reused for
   * the next traced run (`retarget-client.ts`). Only Node engines under the
   * preload shim get one; the ready result says whether this one did.
   */
  readonly retargetable?: boolean;
}

/** What starting an engine produced. */
export type EngineStartResult =
  | { readonly kind: 'ready'; readonly engine: EngineProcess; readonly lsn: string; readonly capabilities: readonly string[]; readonly retarget?: RetargetClient }
  /** Recovery failed and the engine said why (protocol `fatal`). */
  | { readonly kind: 'fatal'; readonly code: string; readonly message: string }
  /** The shim's crash point killed the engine before it was ready (a crash during recovery). */
  | { readonly kind: 'crashed'; readonly signal: string };

/**
 * The ready timeout when the caller gives none. `UNPLUG_READY_TIMEOUT_MS` overrides
 * it (an engine with a slow recovery, or a test of a hung engine).
 */
function defaultReadyTimeoutMs(): number {
  const override = Number(process.env['UNPLUG_READY_TIMEOUT_MS']);
  return Number.isSafeInteger(override) && override > 0 ? override : ENGINE_CLIENT_LIMITS.readyTimeoutMs;
}

/** Starts an engine and waits for its `ready` (or `fatal`) line. */
export async function startEngine(launch: EngineLaunch, options: StartEngineOptions): Promise<EngineStartResult> {
  const resolved = resolveEngineCommandLine(launch, options.directory, options.shim);
  // The retarget channel is the child's descriptor 3, named in the shim's config.
  const retargetable = options.retargetable === true && options.shim !== undefined && resolved.shimKind === 'node';
  const commandLine = retargetable ? { ...resolved, env: { ...resolved.env, [SHIM_CONFIG_ENVIRONMENT_VARIABLE]: JSON.stringify({ ...options.shim, controlFd: RETARGET_DESCRIPTOR }) } } : resolved;
  const subprocess = execa(commandLine.file, [...commandLine.args], {
    cwd: commandLine.cwd,
    env: commandLine.env,
    extendEnv: true,
    stdio: retargetable ? ['pipe', 'pipe', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe'],
    buffer: false,
    reject: false,
    cleanup: true,
    encoding: 'utf8',
  });
  registerChild(subprocess);
  let stderrTail = '';
  subprocess.stderr?.on('data', (chunk: Buffer | string) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-ENGINE_CLIENT_LIMITS.stderrTailCharacters);
  });
  // Writing to an engine that died raises EPIPE here; the exit handler reports the death.
  subprocess.stdin?.on('error', () => {});
  const exit = subprocess.then(
    (result) => {
      unregisterChild(subprocess);
      // With neither an exit code nor a signal, the process never ran: execa's `code` says why (ENOENT, EACCES).
      const spawnError = result.exitCode === undefined && result.signal === undefined ? (result.code ?? result.shortMessage) : undefined;
      return { signal: result.signal ?? undefined, exitCode: result.exitCode ?? undefined, ...(spawnError === undefined ? {} : { spawnError }) };
    },
    (error: unknown) => {
      unregisterChild(subprocess);
      return { signal: undefined, exitCode: undefined, spawnError: error instanceof Error ? error.message : String(error) };
    },
  );
  const engine = new EngineProcess(subprocess, commandLine, options.requestTimeoutMs ?? ENGINE_CLIENT_LIMITS.requestTimeoutMs, exit);
  const channel = retargetable ? (subprocess.stdio[RETARGET_DESCRIPTOR] as Duplex | undefined) : undefined;
  const retarget = channel === undefined ? undefined : new RetargetClient(commandLine.label, channel, channel, options.requestTimeoutMs ?? ENGINE_CLIENT_LIMITS.requestTimeoutMs);
  const describeStderr = (): string => {
    const excerpt = stderrExcerpt(stderrTail);
    return excerpt === '' ? '' : `; stderr: ${excerpt}`;
  };

  return new Promise<EngineStartResult>((resolve, reject) => {
    let settled = false;
    const settle = (action: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(readyTimer);
      action();
    };
    const readyTimeoutMs = options.readyTimeoutMs ?? defaultReadyTimeoutMs();
    const readyTimer = setTimeout(() => {
      settle(() => {
        subprocess.kill('SIGKILL');
        void exit.then(() => reject(new InfrastructureError(`${commandLine.label} did not print a ready line within ${readyTimeoutMs} ms${describeStderr()}`)));
      });
    }, readyTimeoutMs);
    const lines = createLineBuffer(ENGINE_CLIENT_LIMITS.lineSizeBytesMax, (line) => {
      const response = parseEngineResponse(line);
      if (settled) {
        engine.handleResponse(response);
        return;
      }
      if (response.type === 'ready') settle(() => resolve({ kind: 'ready', engine, lsn: response.lsn, capabilities: response.capabilities, ...(retarget === undefined ? {} : { retarget }) }));
      else if (response.type === 'fatal') settle(() => void exit.then(() => resolve({ kind: 'fatal', code: response.code, message: response.message })));
      else {
        const reason = response.type === 'garbage' ? response.reason : `a ${response.type} response`;
        settle(() => {
          subprocess.kill('SIGKILL');
          void exit.then(() => reject(new InfrastructureError(`${commandLine.label} printed garbage before ready (${reason}): ${previewLine(line)}`)));
        });
      }
    });
    subprocess.stdout?.on('data', (chunk: Buffer | string) => {
      if (!lines.push(chunk.toString())) engine.handleResponse({ type: 'garbage', line: '', reason: `a line longer than ${ENGINE_CLIENT_LIMITS.lineSizeBytesMax} bytes` });
    });
    void exit.then((result) => {
      settle(() => {
        if (result.signal === 'SIGKILL' && options.shim?.crashAfterOperation !== undefined) {
          resolve({ kind: 'crashed', signal: result.signal });
          return;
        }
        // Infrastructure on a first start; callers recovering a crash state turn it into a verdict.
        reject(new EngineExitedBeforeReadyError(commandLine.label, result, stderrExcerpt(stderrTail)));
      });
    });
  });
}

/** Asserts the start result is `ready` (for callers that started on a known-good state). */
export function expectReady(result: EngineStartResult, what: string): EngineProcess {
  assert(result.kind === 'ready', `${what}: engine not ready (${result.kind})`);
  return result.engine;
}
