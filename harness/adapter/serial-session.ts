/**
 * The adapter kit's protocol session: request lines are answered one at a
 * time, in order, each after the store's call settles, so a store's methods
 * may all be asynchronous and are never called re-entrantly. The wire is the
 * reference host's own: its line splitter (framing and the line limit), its
 * request parser (ids, types, limits, the BAD_REQUEST messages), its response
 * encoder and its failure descriptions.
 *
 *   stdin bytes -> LineSplitter -> queue (bounded: input pauses beyond it) -> parseRequestLine
 *     -> await store call -> encodeResponse -> writeLine        close / end of input -> store.close()
 */
import { Buffer } from 'node:buffer';
import { assertNever } from '../../engine/invariants.js';
import { describeFailure, errorResponse } from '../../engine/host/describe-failure.js';
import { encodeResponse } from '../../engine/host/encode-response.js';
import { LineSplitter, type LineEvent } from '../../engine/host/line-splitter.js';
import { parseRequestLine } from '../../engine/host/parse-request-line.js';
import { PROTOCOL_LIMITS, type FatalResponse, type ReopenRequest, type Request, type Response } from '../../engine/host/protocol.js';
import { encodeReopenAnswer, parseReopenLine } from './reopen-wire.js';
import type { StoreEngine } from './store-engine.js';

/** How a session ended; the store is closed in every case. */
export interface SerialSessionOutcome {
  readonly endedBy: 'close-request' | 'end-of-input';
  /** Set when closing the store failed (pending commits may not be durable). */
  readonly closeFailure?: { readonly code: string; readonly message: string };
}

/** What opening another directory gave (the `reopen` capability): the new store, or the failure a start would print as `fatal`. */
export type ReopenOutcome = { readonly kind: 'ready'; readonly engine: StoreEngine } | { readonly kind: 'fatal'; readonly response: FatalResponse };

/** Options of `serveSerially`. */
export interface SerialSessionOptions {
  /** @defaultValue PROTOCOL_LIMITS.lineSizeBytesMax */
  readonly lineSizeBytesMax?: number;
  /** Opens another directory; given only when the engine offers `reopen` (the session closes the current store first). */
  readonly reopen?: (directory: string) => Promise<ReopenOutcome>;
}

/** Serves `engine` until `close` or the end of `input`; rejects only when `writeLine` fails (after closing the store). */
export function serveSerially(engine: StoreEngine, input: NodeJS.ReadableStream, writeLine: (line: string) => void, options: SerialSessionOptions = {}): Promise<SerialSessionOutcome> {
  const lineSizeBytesMax = options.lineSizeBytesMax ?? PROTOCOL_LIMITS.lineSizeBytesMax;
  /** The open store; undefined after a reopen that failed, until the next one succeeds. */
  let current: StoreEngine | undefined = engine;
  return new Promise((resolve, reject) => {
    const splitter = new LineSplitter(lineSizeBytesMax);
    const queue: LineEvent[] = [];
    // Lines read but not answered yet; beyond this input pauses, as the host's in-flight bound.
    const queuedLinesMax = PROTOCOL_LIMITS.inFlightRequestsMax;
    let inputEnded = false;
    let pumping = false;
    let closedBy: SerialSessionOutcome['endedBy'] | undefined;
    let closeFailure: SerialSessionOutcome['closeFailure'];

    const send = (response: Response): void => writeLine(encodeResponse(response));
    const onData = (chunk: Uint8Array | string): void => {
      queue.push(...splitter.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk));
      if (queue.length > queuedLinesMax) input.pause();
      void pump();
    };
    const onEnd = (): void => {
      inputEnded = true;
      queue.push(...splitter.end());
      void pump();
    };
    const detach = (): void => {
      input.removeListener('data', onData);
      input.removeListener('end', onEnd);
      input.removeListener('error', onEnd);
      input.pause();
      // The session reads nothing more; a late stream error must not crash the process.
      input.on('error', () => undefined);
    };

    async function close(endedBy: SerialSessionOutcome['endedBy']): Promise<void> {
      closedBy = endedBy;
      try {
        await current?.close();
      } catch (error) {
        const failure = describeFailure(error);
        closeFailure = { code: failure.code, message: failure.message };
      }
    }

    async function answer(request: Request): Promise<void> {
      const tx = request.type === 'commit' ? { tx: request.tx } : {};
      if (closedBy !== undefined) {
        send({ type: 'error', id: request.id, ...tx, code: 'CLOSED', message: 'the host is closing: requests after close are not served' });
        return;
      }
      const engine = current;
      // After a failed reopen only close (and another reopen) is served.
      if (engine === undefined && request.type !== 'close') {
        send({ type: 'error', id: request.id, ...tx, code: 'CLOSED', message: 'no store is open: the last reopen failed' });
        return;
      }
      try {
        if (request.type === 'close') {
          await close('close-request');
          send(closeFailure === undefined ? { type: 'ok', id: request.id } : { type: 'error', id: request.id, code: closeFailure.code as 'INTERNAL', message: closeFailure.message });
          return;
        }
        if (engine === undefined) return;
        switch (request.type) {
          case 'commit':
            send({ type: 'ack', id: request.id, tx: request.tx, lsn: await engine.commit(request.tx, request.writes) });
            return;
          case 'get':
            send({ type: 'value', id: request.id, value: await engine.get(request.key) });
            return;
          case 'dump':
            send({ type: 'dump', id: request.id, entries: await engine.dump(), lsn: engine.lsn() });
            return;
          case 'checkpoint':
            await engine.checkpoint();
            send({ type: 'ok', id: request.id });
            return;
          case 'status':
            // WAL status is the reference engine's (protocol.ts); an adapted store has no WAL to report.
            send({ type: 'error', id: request.id, code: 'BAD_REQUEST', message: 'this engine does not report WAL status' });
            return;
          case 'promote':
            // Promotion is the reference engine's replica (engine/replication/); an adapted store is not one.
            send({ type: 'error', id: request.id, code: 'BAD_REQUEST', message: 'this engine is not a replica: there is nothing to promote' });
            return;
          default:
            assertNever(request, 'request');
        }
      } catch (error) {
        send(errorResponse(request.id, tx, error));
      }
    }
    /** Closes the open store (nothing it owes the old directory matters: the client deletes it) and opens `request.dir`. */
    async function reopen(request: ReopenRequest, open: NonNullable<SerialSessionOptions['reopen']>): Promise<void> {
      if (closedBy !== undefined) {
        send({ type: 'error', id: request.id, code: 'CLOSED', message: 'the host is closing: requests after close are not served' });
        return;
      }
      const previous = current;
      current = undefined;
      await previous?.close().catch(() => undefined);
      const outcome = await open(request.dir);
      if (outcome.kind === 'ready') {
        current = outcome.engine;
        writeLine(encodeReopenAnswer(request.id, { type: 'ready', lsn: outcome.engine.lsn(), recovery: outcome.engine.recovery }));
      } else writeLine(encodeReopenAnswer(request.id, outcome.response));
    }

    async function handle(event: LineEvent): Promise<void> {
      switch (event.kind) {
        case 'too-long':
          send({ type: 'error', id: null, code: 'LINE_TOO_LONG', message: `request line is longer than the limit of ${event.limitBytes} bytes; skipped` });
          return;
        case 'invalid-utf8':
          send({ type: 'error', id: null, code: 'BAD_REQUEST', message: `request line is not valid UTF-8 (${event.sizeBytes} bytes)` });
          return;
        case 'line': {
          if (event.text.trim() === '') return;
          const reopenLine = options.reopen === undefined ? undefined : parseReopenLine(event.text);
          if (reopenLine?.kind === 'reopen' && options.reopen !== undefined) {
            await reopen(reopenLine.request, options.reopen);
            return;
          }
          if (reopenLine?.kind === 'invalid') {
            send({ type: 'error', id: reopenLine.id, code: 'BAD_REQUEST', message: reopenLine.message });
            return;
          }
          const parsed = parseRequestLine(event.text);
          if (parsed.kind === 'request') await answer(parsed.request);
          else send({ type: 'error', id: parsed.id, ...(parsed.tx === undefined ? {} : { tx: parsed.tx }), code: 'BAD_REQUEST', message: parsed.message });
          return;
        }
        default:
          assertNever(event, 'line event');
      }
    }

    async function pump(): Promise<void> {
      if (pumping) return;
      pumping = true;
      try {
        while (queue.length > 0) {
          await handle(queue.shift()!);
          if (closedBy === undefined && !inputEnded && queue.length <= queuedLinesMax / 2 && input.isPaused()) input.resume();
        }
        if (closedBy === 'close-request' || (inputEnded && closedBy === undefined)) {
          if (closedBy === undefined) await close('end-of-input');
          detach();
          resolve({ endedBy: closedBy!, ...(closeFailure === undefined ? {} : { closeFailure }) });
        }
      } catch (error) {
        // Only writing can throw here: the client is gone. Close the store, then report it.
        detach();
        await current?.close().catch(() => undefined);
        reject(error);
      } finally {
        pumping = false;
      }
    }

    input.on('data', onData);
    input.on('end', onEnd);
    input.on('error', onEnd);
    input.resume();
  });
}
