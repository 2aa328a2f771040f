/**
 * Serves protocol v1 (format: `protocol.ts`) for one engine over a byte stream
 * of request lines. Requests are dispatched as they are read, without waiting
 * for earlier ones: commits must reach the engine concurrently, because group
 * commit batches whatever arrived while the previous sync blocked. Answers go
 * out as each request completes, matched by `id`.
 * What each request does to the engine is `run-request.ts`; this file is the
 * session: reading lines, flow control, closing.
 *
 * The host never dies on bad input: a malformed line is answered with an error
 * naming the problem. Back-pressure: at most `inFlightRequestsMax` requests are
 * in flight; beyond it input is paused and already-read lines wait in a queue
 * (at most one chunk's worth).
 */
import { Buffer } from 'node:buffer';
import { assert, assertNever } from '../invariants.js';
import type { Engine } from '../engine-types.js';
import { encodeResponse } from './encode-response.js';
import { describeFailure } from './describe-failure.js';
import { LineSplitter, type LineEvent } from './line-splitter.js';
import { parseRequestLine } from './parse-request-line.js';
import { PROTOCOL_LIMITS, type ErrorResponse, type Request, type Response } from './protocol.js';
import { runRequest } from './run-request.js';

/** Writes one response line (without newline) durably to the client, synchronously; may throw. */
export type WriteLine = (line: string) => void;

/** Options of `serveProtocol`. */
export interface ServeProtocolOptions {
  /** @defaultValue `PROTOCOL_LIMITS.inFlightRequestsMax` */
  readonly inFlightRequestsMax?: number;
  /** @defaultValue `PROTOCOL_LIMITS.lineSizeBytesMax` */
  readonly lineSizeBytesMax?: number;
}

/** How a session ended. The engine is closed in every case. */
export interface ServeOutcome {
  readonly endedBy: 'close-request' | 'end-of-input';
  readonly responsesWritten: number;
  /** Set when closing the engine failed (pending commits may not be durable). */
  readonly closeFailure?: { readonly code: string; readonly message: string };
}

/**
 * Serves requests read from `input` until a `close` request or the end of the
 * input, then closes the engine. Rejects only when `writeLine` fails (the
 * client is gone), after closing the engine.
 */
export function serveProtocol(engine: Engine, input: NodeJS.ReadableStream, writeLine: WriteLine, options: ServeProtocolOptions = {}): Promise<ServeOutcome> {
  return new Promise((resolve, reject) => {
    new ProtocolSession(engine, input, writeLine, options, resolve, reject).start();
  });
}

class ProtocolSession {
  readonly #splitter: LineSplitter;
  readonly #inFlightRequestsMax: number;
  /** Promises of requests answered later, by id; each settles without rejecting, after its answer was sent. */
  readonly #inFlight = new Map<number, Promise<void>>();
  /** Lines read but not yet dispatched, because too many requests were in flight. */
  #queue: LineEvent[] = [];
  #state: 'serving' | 'closing' | 'failed' = 'serving';
  #inputEnded = false;
  #responsesWritten = 0;
  readonly #onData = (chunk: Uint8Array | string): void => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    this.#enqueue(this.#splitter.push(bytes));
  };
  readonly #onEnd = (): void => {
    this.#inputEnded = true;
    this.#enqueue(this.#splitter.end());
  };

  constructor(
    readonly engine: Engine,
    readonly input: NodeJS.ReadableStream,
    readonly writeLine: WriteLine,
    options: ServeProtocolOptions,
    readonly resolve: (outcome: ServeOutcome) => void,
    readonly reject: (error: unknown) => void,
  ) {
    this.#inFlightRequestsMax = options.inFlightRequestsMax ?? PROTOCOL_LIMITS.inFlightRequestsMax;
    assert(Number.isSafeInteger(this.#inFlightRequestsMax) && this.#inFlightRequestsMax > 0, 'in-flight limit must be a positive integer');
    this.#splitter = new LineSplitter(options.lineSizeBytesMax ?? PROTOCOL_LIMITS.lineSizeBytesMax);
  }

  start(): void {
    this.input.on('data', this.#onData);
    // A broken input stream ends the session like end of input: nothing more can arrive.
    this.input.on('end', this.#onEnd);
    this.input.on('error', this.#onEnd);
    this.input.resume();
  }

  #enqueue(events: readonly LineEvent[]): void {
    this.#queue.push(...events);
    this.#drain();
  }

  /** Dispatches queued lines while the in-flight limit allows, pausing or resuming input to match. */
  #drain(): void {
    let index = 0;
    while (index < this.#queue.length && (this.#state !== 'serving' || this.#inFlight.size < this.#inFlightRequestsMax)) {
      this.#handle(this.#queue[index]!);
      index += 1;
    }
    // Everything dispatched (the common case): empty the queue in place rather than allocate a new one per chunk.
    if (index === this.#queue.length) this.#queue.length = 0;
    else this.#queue = this.#queue.slice(index);
    if (this.#state !== 'serving') return;
    if (this.#queue.length > 0) {
      this.input.pause();
    } else if (this.#inputEnded) {
      void this.#close('end-of-input', undefined);
    } else if (this.input.isPaused()) {
      this.input.resume();
    }
  }

  #handle(event: LineEvent): void {
    switch (event.kind) {
      case 'too-long':
        this.#send({ type: 'error', id: null, code: 'LINE_TOO_LONG', message: `request line is longer than the limit of ${event.limitBytes} bytes; skipped` });
        return;
      case 'invalid-utf8':
        this.#send({ type: 'error', id: null, code: 'BAD_REQUEST', message: `request line is not valid UTF-8 (${event.sizeBytes} bytes)` });
        return;
      case 'line': {
        // Blank lines (such as a trailing newline pair) carry no request; skipping them is harmless.
        if (event.text.trim() === '') return;
        const parsed = parseRequestLine(event.text);
        if (parsed.kind === 'request') {
          this.#dispatch(parsed.request);
        } else {
          this.#send({ type: 'error', id: parsed.id, ...(parsed.tx === undefined ? {} : { tx: parsed.tx }), code: 'BAD_REQUEST', message: parsed.message });
        }
        return;
      }
      default:
        assertNever(event, 'line event');
    }
  }

  #dispatch(request: Request): void {
    if (this.#state !== 'serving' || this.#inFlight.has(request.id)) {
      this.#refuse(request);
      return;
    }
    if (request.type === 'close') {
      void this.#close('close-request', request.id);
      return;
    }
    // An answer given later leaves the in-flight set as it is sent (one promise reaction per
    // request, not two); one given at once (a read) never entered it.
    let answersLater = false;
    const answered = runRequest(this.engine, request, (response) => {
      this.#send(response);
      if (!answersLater) return;
      this.#inFlight.delete(request.id);
      this.#drain();
    });
    if (answered === undefined) return;
    answersLater = true;
    this.#inFlight.set(request.id, answered);
  }

  /** Answers a request that cannot be served: the host is closing, or its id is in flight. */
  #refuse(request: Request): void {
    const tx = request.type === 'commit' ? { tx: request.tx } : {};
    if (this.#state !== 'serving') {
      this.#send({ type: 'error', id: request.id, ...tx, code: 'CLOSED', message: 'the host is closing: requests after close are not served' });
      return;
    }
    // The id is in flight: answering with it would be read as the fate of the request in flight.
    this.#send({ type: 'error', id: null, ...tx, code: 'BAD_REQUEST', message: `id ${request.id} is already in flight; ids must be unique among pending requests` });
  }

  async #close(endedBy: ServeOutcome['endedBy'], id: number | undefined): Promise<void> {
    this.#state = 'closing';
    this.#detachInput();
    // Close first: it flushes pending commits, whose acks are then written before `ok`.
    const closeFailure = await closeEngine(this.engine);
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight.values());
    if (id !== undefined) this.#send(closeFailure === undefined ? { type: 'ok', id } : { type: 'error', id, code: closeFailure.code, message: closeFailure.message });
    // A write may have failed while closing; the session then rejected instead.
    if (this.#hasFailed()) return;
    this.resolve({ endedBy, responsesWritten: this.#responsesWritten, ...(closeFailure === undefined ? {} : { closeFailure }) });
  }

  #hasFailed(): boolean {
    return this.#state === 'failed';
  }

  #send(response: Response): void {
    if (this.#state === 'failed') return;
    try {
      this.writeLine(encodeResponse(response));
      this.#responsesWritten += 1;
    } catch (error) {
      this.#state = 'failed';
      this.#detachInput();
      void closeEngine(this.engine).then(() => this.reject(error));
    }
  }

  #detachInput(): void {
    this.input.pause();
    this.input.removeListener('data', this.#onData);
    this.input.removeListener('end', this.#onEnd);
    this.input.removeListener('error', this.#onEnd);
    // The session no longer reads; an error from the stream now must not crash the process.
    this.input.on('error', ignoreInputError);
  }
}

function ignoreInputError(): void {
  // Nothing to do: the session has ended and reads nothing more.
}

async function closeEngine(engine: Engine): Promise<{ readonly code: ErrorResponse['code']; readonly message: string } | undefined> {
  try {
    await engine.close();
    return undefined;
  } catch (error) {
    const failure = describeFailure(error);
    return { code: failure.code, message: failure.message };
  }
}
