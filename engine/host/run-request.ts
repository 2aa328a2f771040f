/**
 * What each protocol request does to the engine, and the response it gets: a
 * read (`get`, `dump`) is answered at once; a commit or checkpoint is answered
 * when the engine settles it. A failure, thrown or rejected, becomes an `error`
 * response, so the session never sees one. `close` is the session's own
 * business (it ends the session) and is not handled here.
 */
import { assertNever } from '../invariants.js';
import type { CommitReceipt, Engine, PromoteReceipt } from '../engine-types.js';
import { EngineError } from '../engine-types.js';
import { errorResponse } from './describe-failure.js';
import type { CloseRequest, CommitRequest, Request, Response } from './protocol.js';

/** A request the engine answers (every request but `close`). */
export type EngineRequest = Exclude<Request, CloseRequest>;

/** Sends one response to the client. */
export type SendResponse = (response: Response) => void;

/**
 * Runs `request` on `engine` and sends its answer through `send`. Returns
 * undefined when the answer was sent at once, or a promise that settles after
 * the answer was sent (it rejects only when `send` throws).
 */
export function runRequest(engine: Engine, request: EngineRequest, send: SendResponse): Promise<void> | undefined {
  switch (request.type) {
    case 'commit':
      return answerCommit(engine, request, send);
    case 'get':
      answerNow(request.id, () => ({ type: 'value', id: request.id, value: engine.get(request.key) ?? null }), send);
      return undefined;
    case 'dump':
      answerNow(request.id, () => ({ type: 'dump', id: request.id, entries: engine.dump(), lsn: engine.lsn() }), send);
      return undefined;
    case 'checkpoint':
      return answerLater(request.id, () => engine.checkpoint(), () => ({ type: 'ok', id: request.id }), {}, send);
    case 'status':
      answerNow(request.id, () => statusResponse(engine, request.id), send);
      return undefined;
    case 'promote':
      return answerLater(request.id, () => promote(engine), (receipt) => ({ type: 'promoted', id: request.id, timeline: receipt.timeline, lsn: receipt.lsn }), {}, send);
    default:
      return assertNever(request, 'request');
  }
}

function statusResponse(engine: Engine, id: number): Response {
  if (engine.walStatus === undefined) throw new EngineError('BAD_REQUEST', 'this engine does not report WAL status');
  return { type: 'status', id, ...engine.walStatus() };
}

/**
 * The hot path, one per commit: written out rather than through `answerLater`,
 * so a commit costs one promise reaction and no closures beyond it.
 */
function answerCommit(engine: Engine, request: CommitRequest, send: SendResponse): Promise<void> {
  let started: Promise<CommitReceipt>;
  try {
    started = engine.commit(request.tx, request.writes);
  } catch (error) {
    // An engine that throws instead of rejecting is answered the same way.
    started = Promise.reject(error);
  }
  return started.then(
    (receipt) => send({ type: 'ack', id: request.id, tx: request.tx, lsn: receipt.lsn }),
    (error: unknown) => send(errorResponse(request.id, { tx: request.tx }, error)),
  );
}

function promote(engine: Engine): Promise<PromoteReceipt> {
  if (engine.promote === undefined) return Promise.reject(new EngineError('INVALID_ARGUMENT', 'this store is not a replica: there is nothing to promote'));
  return engine.promote();
}

function answerNow(id: number, answer: () => Response, send: SendResponse): void {
  let response: Response;
  try {
    response = answer();
  } catch (error) {
    response = errorResponse(id, {}, error);
  }
  send(response);
}

function answerLater<T>(id: number, start: () => Promise<T>, answer: (value: T) => Response, tx: { readonly tx?: number }, send: SendResponse): Promise<void> {
  let started: Promise<T>;
  try {
    started = start();
  } catch (error) {
    // An engine that throws instead of rejecting is answered the same way.
    started = Promise.reject(error);
  }
  return started.then(
    (value) => send(answer(value)),
    (error: unknown) => send(errorResponse(id, tx, error)),
  );
}
