/**
 * Protocol v1: JSON lines between a client (the harness) and an engine under
 * test, on the engine's stdin and stdout (docs/protocol.md). This file is
 * the one place the wire format is documented; `parse-request-line.ts` reads
 * requests and `encode-response.ts` writes responses exactly as shown here.
 *
 * A session (-> is a request line on stdin, <- a response line on stdout):
 *
 *   client                                              engine host
 *     |        spawn `unplug engine --dir <path>`          |  open, recover
 *     |<- {"type":"ready","lsn":"0/28","recovery":{...}} --|  (or "fatal", exit 1)
 *     |-- {"id":1,"type":"commit","tx":7,"writes":[["k1","v1"],["k2",null]]} ->
 *     |-- {"id":2,"type":"commit","tx":8,"writes":[["k1","v2"]]} ---------->  no waiting:
 *     |-- {"id":3,"type":"get","key":"k1"} ------------------------------>  commits are
 *     |<- {"id":3,"type":"value","value":null} -------------------------|  concurrent
 *     |<- {"id":1,"type":"ack","tx":7,"lsn":"0/28"} --------------------|  once durable,
 *     |<- {"id":2,"type":"ack","tx":8,"lsn":"0/5C"} --------------------|  any order
 *     |-- {"id":4,"type":"dump"} ---------------------------------------->
 *     |<- {"id":4,"type":"dump","entries":[["k1","v2"]],"lsn":"0/80"} ---|
 *     |-- {"id":5,"type":"checkpoint"} ---------------------------------->
 *     |<- {"id":5,"type":"ok"} -----------------------------------------|
 *     |-- {"id":6,"type":"close"} -------------------------------------->  flush, close
 *     |<- {"id":6,"type":"ok"} -----------------------------------------|  exit 0
 *
 * Requests (UTF-8 JSON objects, one per line; unknown fields are ignored):
 *   commit      {"id","type":"commit","tx","writes":[[key, value|null], ...]}  null deletes
 *   get         {"id","type":"get","key"}
 *   dump        {"id","type":"dump"}
 *   checkpoint  {"id","type":"checkpoint"}
 *   close       {"id","type":"close"}    later requests are answered with code CLOSED
 *   status      {"id","type":"status"}   WAL on disk and the archiver's progress (the WAL-bloat alarm's figures)
 *   promote     {"id","type":"promote"}  a replica (`--replica-of`) stops following and starts a new timeline
 * `id` and `tx` are non-negative safe integers chosen by the client; responses
 * carry the request's `id`, so answers may come in any order. An id must not be
 * reused while its request is in flight.
 *
 * Responses:
 *   ready   {"type":"ready","lsn","recovery":{outcome,checkpointLsn,endLsn,commitsReplayed,tornBytesTruncated,durationMs}}
 *   fatal   {"type":"fatal","code","message"[,"segment","offsetBytes"]}   recovery failed; exit 1
 *   ack     {"id","type":"ack","tx","lsn"}                  only once the commit is durable
 *   error   {"id","type":"error"[,"tx"],"code","message"[,"injected":true]}
 *           the commit was not made durable (or its fate is unknown); `id` is null
 *           when the request had no usable id; `injected` marks injected faults
 *   value   {"id","type":"value","value":string|null}       null: no such key
 *   dump    {"id","type":"dump","entries":[[key,value],...],"lsn"}   sorted by key
 *   ok      {"id","type":"ok"}                              checkpoint or close done
 *   status  {"id","type":"status","timeline","endLsn","walBytes","segmentsOnDisk","archive":null|{destination,
 *           segmentsWaiting,lagBytes,lagSeconds,lastArchivedSegment,segmentsArchived,failuresInARow,lastError}}
 *           walBytes counts every segment file on disk (spares included); `archive` is null when archiving
 *           is off; lagBytes runs from the oldest segment waiting for the archiver to the end of the log;
 *           with replication also "replication":{"role":"primary",synchronous,replicaConnected,sentLsn,flushedLsn,
 *           appliedLsn,lagBytes,lagSeconds,commitsWaiting,lastError} or {"role":"replica",connected,promoted,
 *           flushedLsn,appliedLsn,primaryEndLsn,lagBytes,lagSeconds,lastError}
 *   promoted {"id","type":"promoted","timeline","lsn"}      the replica now accepts commits on `timeline` from `lsn`
 *           (a store that is not a replica answers INVALID_ARGUMENT; a replica refuses commits with READ_ONLY before)
 *
 * Keys and values must be well-formed UTF-16 (no lone surrogate, such as the
 * escape "\ud800" decodes to): anything else cannot be stored as UTF-8 and is
 * refused with BAD_REQUEST naming the field, `writes[3][0] (the key)`.
 *
 * Capability "reopen" (optional; the adapter kit serves it with `reopen: true`):
 * an engine that can recover several directories in one process lists it in
 * its first `ready` line, and the harness then recovers crash states through
 * one long-lived child per job instead of a fresh process per state:
 *
 *     |<- {"type":"ready","lsn":"0/0","recovery":{...},"capabilities":["reopen"]}
 *     |-- {"id":9,"type":"reopen","dir":"/tmp/state-2"} ---------------->  drop the open
 *     |<- {"id":9,"type":"ready","lsn":"0/1C","recovery":{...}} --------|  store, recover
 *     |   or {"id":9,"type":"fatal","code":"CORRUPT","message":"..."}     |  "dir" afresh
 *
 *   reopen  {"id","type":"reopen","dir"}   sent only while no other request is in flight
 * The engine releases its open store (nothing more is read from or owed to the
 * old directory, which the harness deletes after the answer) and opens and
 * recovers `dir` exactly as a fresh process started with `--dir <dir>` would:
 * no state may survive from the previous directory. The answer is the `ready`
 * or `fatal` line a fresh start would print, plus the request's `id`; after a
 * `fatal` answer the process stays up with no store open (only `reopen` and
 * `close` are served). The harness checks the promise: it recovers every state
 * that showed a violation, and a seeded sample of the others, in a fresh
 * process too, and stops (exit 3) when the dumps differ.
 *
 * Limits: a request line is at most 8 MiB (a longer one is answered once with
 * LINE_TOO_LONG and skipped up to its newline); a commit has at most
 * `ENGINE_LIMITS.writesPerCommitMax` writes, keys and values at most
 * `keySizeBytesMax` and `valueSizeBytesMax` UTF-8 bytes; at most
 * `maxInFlightRequests` requests are in flight before the host stops reading.
 */
import type { WalStatus } from '../archive/archive-settings.js';
import { ENGINE_LIMITS, type EngineErrorCode, type RecoveryReport, type Write } from '../engine-types.js';

/** The protocol's limits, frozen: they are part of the wire contract. */
export const PROTOCOL_LIMITS = Object.freeze({
  lineSizeBytesMax: 8 * 1024 * 1024,
  writesPerCommitMax: ENGINE_LIMITS.writesPerCommitMax,
  keySizeBytesMax: ENGINE_LIMITS.keySizeBytesMax,
  valueSizeBytesMax: ENGINE_LIMITS.valueSizeBytesMax,
  /** Default bound on requests answered later (commits, checkpoints) before input is paused. */
  inFlightRequestsMax: 4096,
});

/** The request `type` values, in the order documented above. */
export const REQUEST_TYPES = Object.freeze(['commit', 'get', 'dump', 'checkpoint', 'close', 'status', 'promote'] as const);

// The discriminant is `type`, not `kind`, because that is the wire's field: a
// parsed request is the wire object itself, with no mapping layer to get wrong.

/** Commits `writes` atomically as transaction `tx`. */
export interface CommitRequest {
  readonly type: 'commit';
  readonly id: number;
  readonly tx: number;
  readonly writes: readonly Write[];
}
/** Reads one committed value. */
export interface GetRequest {
  readonly type: 'get';
  readonly id: number;
  readonly key: string;
}
/** Reads every committed key/value. */
export interface DumpRequest {
  readonly type: 'dump';
  readonly id: number;
}
/** Runs a checkpoint now. */
export interface CheckpointRequest {
  readonly type: 'checkpoint';
  readonly id: number;
}
/** Flushes, closes the engine and ends the session. */
export interface CloseRequest {
  readonly type: 'close';
  readonly id: number;
}
/** Reports WAL on disk and the archiver's progress. */
export interface StatusRequest {
  readonly type: 'status';
  readonly id: number;
}
/** Promotes a replica to a primary on a new timeline. */
export interface PromoteRequest {
  readonly type: 'promote';
  readonly id: number;
}
/** A well-formed request. */
export type Request = CommitRequest | GetRequest | DumpRequest | CheckpointRequest | CloseRequest | StatusRequest | PromoteRequest;

/** The capability names a `ready` line may list in `capabilities`, frozen: they are part of the wire contract. */
export const ENGINE_CAPABILITIES = Object.freeze({ reopen: 'reopen' } as const);

/** Recovers another directory in the same process (capability `reopen`); not part of `Request`, which the reference host serves. */
export interface ReopenRequest {
  readonly type: 'reopen';
  readonly id: number;
  /** The directory to open and recover, as `--dir` names it at a fresh start. */
  readonly dir: string;
}

/**
 * Codes of `error` responses: the engine's own, and the protocol's.
 * `BAD_REQUEST` (the request is not well-formed; the message names the field)
 * is one of the engine's codes, so the parser and the library refuse bad
 * input with the same code.
 */
export type ResponseErrorCode =
  | EngineErrorCode
  /** The request line is longer than `PROTOCOL_LIMITS.lineSizeBytesMax`. */
  | 'LINE_TOO_LONG'
  /** The engine failed in a way it has no code for (a bug); the commit's fate is unknown. */
  | 'INTERNAL';

/** Printed once after recovery. */
export interface ReadyResponse {
  readonly type: 'ready';
  readonly lsn: string;
  readonly recovery: RecoveryReport;
}
/** Printed instead of `ready` when the engine cannot open; the process then exits non-zero. */
export interface FatalResponse {
  readonly type: 'fatal';
  readonly code: string;
  readonly message: string;
  readonly segment?: string;
  readonly offsetBytes?: number;
}
/** A commit is durable. */
export interface AckResponse {
  readonly type: 'ack';
  readonly id: number;
  readonly tx: number;
  readonly lsn: string;
}
/** A request failed; for a commit: not committed, or its fate is unknown. */
export interface ErrorResponse {
  readonly type: 'error';
  readonly id: number | null;
  readonly tx?: number;
  readonly code: ResponseErrorCode;
  readonly message: string;
  readonly injected?: boolean;
}
/** The answer to `get`; null when the key has no committed value. */
export interface ValueResponse {
  readonly type: 'value';
  readonly id: number;
  readonly value: string | null;
}
/** The answer to `dump`. */
export interface DumpResponse {
  readonly type: 'dump';
  readonly id: number;
  readonly entries: readonly (readonly [string, string])[];
  readonly lsn: string;
}
/** The answer to `checkpoint` and `close`. */
export interface OkResponse {
  readonly type: 'ok';
  readonly id: number;
}
/** The answer to `status`: the engine's `WalStatus`. */
export interface StatusResponse extends WalStatus {
  readonly type: 'status';
  readonly id: number;
}
/** The answer to `promote`. */
export interface PromotedResponse {
  readonly type: 'promoted';
  readonly id: number;
  readonly timeline: number;
  readonly lsn: string;
}
/** Any line the host writes. */
export type Response = ReadyResponse | FatalResponse | AckResponse | ErrorResponse | ValueResponse | DumpResponse | OkResponse | StatusResponse | PromotedResponse;
