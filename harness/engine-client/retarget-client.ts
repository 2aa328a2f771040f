/**
 * The harness's end of the retarget channel (wire format: the top of
 * `harness/preload/retarget-channel.ts`): moves a reused traced engine's shim
 * on to the next run's root, trace, faults and crash point. One request at a
 * time; a refusal, a garbled answer or no answer in time is an
 * `InfrastructureError` naming the engine, and the caller kills the engine.
 */
import type { Readable, Writable } from 'node:stream';
import { InfrastructureError } from '../errors/harness-errors.js';
import { encodeRetargetRequest, MAX_RETARGET_LINE_CHARACTERS } from '../preload/retarget-channel.js';
import type { ShimConfig } from '../shim/shim-config.js';
import { createLineBuffer } from './line-buffer.js';

/** Sends retarget requests to one traced engine's preload shim. */
export class RetargetClient {
  #waiting: ((line: string | undefined) => void) | undefined;
  #closed = false;

  constructor(
    private readonly label: string,
    private readonly input: Readable,
    private readonly output: Writable,
    private readonly timeoutMs: number,
  ) {
    const lines = createLineBuffer(MAX_RETARGET_LINE_CHARACTERS, (line) => this.#settle(line));
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      // An over-long answer is garbage: the waiting request gets it as such.
      if (!lines.push(chunk)) this.#settle('');
    });
    const end = (): void => {
      this.#closed = true;
      this.#settle(undefined);
    };
    input.on('end', end);
    input.on('close', end);
    input.on('error', end);
    output.on('error', end);
  }

  #settle(line: string | undefined): void {
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.(line);
  }

  /** Makes `shim` the engine's next traced run (from its first operation under `shim.root`). */
  async retarget(shim: ShimConfig): Promise<void> {
    if (this.#closed) throw new InfrastructureError(`${this.label}: the shim's retarget channel is closed`);
    const answer = await new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => {
        this.#waiting = undefined;
        resolve('timeout');
      }, this.timeoutMs);
      this.#waiting = (line) => {
        clearTimeout(timer);
        resolve(line);
      };
      this.output.write(encodeRetargetRequest(shim));
    });
    if (answer === 'timeout') throw new InfrastructureError(`${this.label}: the preload shim did not answer a retarget request within ${this.timeoutMs} ms`);
    if (answer === undefined) throw new InfrastructureError(`${this.label}: the shim's retarget channel closed (the engine exited?)`);
    let parsed: { type?: unknown; message?: unknown };
    try {
      parsed = JSON.parse(answer) as typeof parsed;
    } catch {
      throw new InfrastructureError(`${this.label}: the preload shim answered a retarget request with garbage: ${answer.slice(0, 120)}`);
    }
    if (parsed.type === 'retargeted') return;
    throw new InfrastructureError(`${this.label}: the preload shim refused a retarget request: ${String(parsed.message)}`);
  }
}
