/**
 * A protocol-v1 client for one running engine child (docs/protocol.md):
 * sends requests and matches answers by id, and ends the engine by `close` or
 * by SIGKILL. Every wait has a timeout; an engine that hangs or prints garbage
 * is an `InfrastructureError` naming the engine (exit 3). `start-engine.ts`
 * starts the child and waits for its `ready`.
 */
import type { ResultPromise } from 'execa';
import type { Write } from '../../engine/engine-types.js';
import { InfrastructureError } from '../errors/harness-errors.js';
import type { EngineCommandLine } from './engine-launch.js';
import { previewLine, type EngineResponse } from './engine-response.js';

/** Timeouts and limits of an engine client. */
export const ENGINE_CLIENT_LIMITS = Object.freeze({
  readyTimeoutMs: 15_000,
  requestTimeoutMs: 20_000,
  /** How long `close` waits for a clean exit before SIGKILL. */
  closeTimeoutMs: 3_000,
  /** A dump of many 64 KiB values is the longest line an engine prints. */
  lineSizeBytesMax: 256 * 1024 * 1024,
  /** Kept from the engine's stderr for error messages. */
  stderrTailCharacters: 2_000,
});

/** How a commit ended, from the client's side. */
export type CommitAnswer =
  | { readonly kind: 'ack'; readonly lsn: string }
  | { readonly kind: 'error'; readonly code: string; readonly message: string }
  /** The engine died with the commit in flight. */
  | { readonly kind: 'exited' };

/** How a `reopen` ended: the engine recovered the new directory, or refused it. */
export type ReopenAnswer = { readonly kind: 'ready'; readonly lsn: string } | { readonly kind: 'fatal'; readonly code: string; readonly message: string };

interface Pending {
  readonly type: string;
  readonly resolve: (response: EngineResponse | undefined) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** A running engine speaking protocol v1. */
export class EngineProcess {
  readonly #subprocess: ResultPromise;
  readonly #commandLine: EngineCommandLine;
  readonly #requestTimeoutMs: number;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #exited = false;
  #failure: Error | undefined;
  readonly #exit: Promise<{ readonly signal: string | undefined; readonly exitCode: number | undefined }>;

  constructor(subprocess: ResultPromise, commandLine: EngineCommandLine, requestTimeoutMs: number, exit: EngineProcess['exit']) {
    this.#subprocess = subprocess;
    this.#commandLine = commandLine;
    this.#requestTimeoutMs = requestTimeoutMs;
    this.#exit = exit;
    void exit.then(() => {
      this.#exited = true;
      for (const pending of this.#pending.values()) {
        clearTimeout(pending.timer);
        pending.resolve(undefined);
      }
      this.#pending.clear();
    });
  }

  /** Resolves when the process has exited. */
  get exit(): Promise<{ readonly signal: string | undefined; readonly exitCode: number | undefined }> {
    return this.#exit;
  }

  /** True once the process has exited. */
  get exited(): boolean {
    return this.#exited;
  }

  /** Routes one response line (called by the line reader). */
  handleResponse(response: EngineResponse): void {
    if (response.type === 'garbage') {
      this.#fail(new InfrastructureError(`${this.#commandLine.label} printed garbage (${response.reason}): ${previewLine(response.line)}`));
      return;
    }
    // A ready or fatal line without an id is a start's; with one, it answers a `reopen`.
    if ((response.type === 'ready' || response.type === 'fatal') && response.id === undefined) return;
    const id = response.id ?? null;
    const pending = id === null ? undefined : this.#pending.get(id);
    if (pending === undefined) {
      this.#fail(new InfrastructureError(`${this.#commandLine.label} answered request id ${String(id)}, which is not in flight`));
      return;
    }
    this.#pending.delete(id as number);
    clearTimeout(pending.timer);
    pending.resolve(response);
  }

  #fail(error: Error): void {
    if (this.#failure !== undefined) return;
    this.#failure = error;
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.#pending.clear();
    this.#subprocess.kill('SIGKILL');
  }

  /** Sends a request; resolves with its answer, or undefined when the engine exited first. */
  #request(request: Record<string, unknown>): Promise<EngineResponse | undefined> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    if (this.#exited) return Promise.resolve(undefined);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        this.#fail(new InfrastructureError(`${this.#commandLine.label} did not answer a ${String(request['type'])} request within ${this.#requestTimeoutMs} ms`));
        reject(this.#failure ?? new Error('unreachable'));
      }, this.#requestTimeoutMs);
      this.#pending.set(id, { type: String(request['type']), resolve, reject, timer });
      this.#subprocess.stdin?.write(`${JSON.stringify({ id, ...request })}\n`);
    });
  }

  /** Commits `writes` as `tx`. */
  async commit(tx: number, writes: readonly Write[]): Promise<CommitAnswer> {
    const response = await this.#request({ type: 'commit', tx, writes });
    if (response === undefined) return { kind: 'exited' };
    if (response.type === 'ack') return { kind: 'ack', lsn: response.lsn };
    if (response.type === 'error') return { kind: 'error', code: response.code, message: response.message };
    throw this.#unexpected('commit', response);
  }

  /** Asks for a checkpoint; false when the engine refused or exited. */
  async checkpoint(): Promise<boolean> {
    const response = await this.#request({ type: 'checkpoint' });
    if (response === undefined || response.type === 'error') return false;
    if (response.type === 'ok') return true;
    throw this.#unexpected('checkpoint', response);
  }

  /** Every committed key/value; undefined when the engine exited first. */
  async dump(): Promise<readonly (readonly [string, string])[] | undefined> {
    const response = await this.#request({ type: 'dump' });
    if (response === undefined) return undefined;
    if (response.type === 'dump') return response.entries;
    throw this.#unexpected('dump', response);
  }

  /** Promotes a replica (engine/replication/); its error when refused, undefined when the engine exited first. */
  async promote(): Promise<{ readonly kind: 'promoted'; readonly timeline: number; readonly lsn: string } | { readonly kind: 'error'; readonly code: string; readonly message: string } | undefined> {
    const response = await this.#request({ type: 'promote' });
    if (response === undefined) return undefined;
    if (response.type === 'promoted') return { kind: 'promoted', timeline: response.timeline, lsn: response.lsn };
    if (response.type === 'error') return { kind: 'error', code: response.code, message: response.message };
    throw this.#unexpected('promote', response);
  }

  /**
   * Asks an engine with the `reopen` capability (protocol.ts) to drop its store
   * and recover `directory` as a fresh start would; undefined when the engine
   * exited first (it died recovering).
   */
  async reopen(directory: string): Promise<ReopenAnswer | undefined> {
    const response = await this.#request({ type: 'reopen', dir: directory });
    if (response === undefined) return undefined;
    if (response.type === 'ready') return { kind: 'ready', lsn: response.lsn };
    if (response.type === 'fatal') return { kind: 'fatal', code: response.code, message: response.message };
    throw this.#unexpected('reopen', response);
  }

  #unexpected(request: string, response: EngineResponse): InfrastructureError {
    const error = new InfrastructureError(`${this.#commandLine.label} answered a ${request} request with a ${response.type} response`);
    this.#fail(error);
    return error;
  }

  /** Closes cleanly (a `close` request), or SIGKILLs the engine when it does not exit in time. */
  async close(): Promise<void> {
    if (!this.#exited && this.#failure === undefined) {
      const closed = this.#request({ type: 'close' }).catch(() => undefined);
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, ENGINE_CLIENT_LIMITS.closeTimeoutMs, 'timeout').unref());
      if ((await Promise.race([closed.then(() => this.#exit), timeout])) === 'timeout') this.#subprocess.kill('SIGKILL');
    }
    this.#subprocess.stdin?.end();
    await this.#exit;
  }

  /** SIGKILLs the engine (the crash) and waits for it to be gone. */
  async kill(): Promise<void> {
    if (!this.#exited) this.#subprocess.kill('SIGKILL');
    await this.#exit;
  }
}

