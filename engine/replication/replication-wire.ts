/**
 * The replication wire format: binary frames on a local stream socket between
 * a primary (`unplug engine --serve-replicas <socket>`) and a replica
 * (`unplug engine --replica-of <socket>`). This file is the one place it is
 * documented; the sender and the receiver only call `encodeFrame` and
 * `FrameReader`.
 *
 * Every frame is a little-endian length, a kind byte and a body:
 *
 *   +----------------+--------+---------------------------+
 *   | bodyBytes u32  | kind u8| body (bodyBytes bytes)     |
 *   +----------------+--------+---------------------------+
 *
 *   kind 1 hello     replica -> primary, once, first
 *     | version u8 | timeline u32 | segmentSizeBytes u32 | flushedLsn u64 | lastRecordLsn u64 |
 *   kind 2 commit    primary -> replica, one per commit, in LSN order
 *     | lsn u64 | tx u64 | primaryEndLsn u64 | durableAtMs u64 | payload (the rest: commit-payload.ts) |
 *   kind 3 feedback  replica -> primary, after each flush of received commits
 *     | flushedLsn u64 | appliedLsn u64 |
 *   kind 4 error     either way, then the sender closes the connection
 *     | code u8 | message (the rest, UTF-8) |
 *
 * A session:
 *
 *   replica                                   primary
 *     |-- hello v1, TL 1, 16m, 0/1A0, 0/160 -->|  checks version, size, timeline
 *     |<-- commit 0/1A0 tx 7 ... --------------|  catch-up from its WAL (or archive)
 *     |<-- commit 0/1E8 tx 8 ... --------------|  then every commit once locally durable
 *     |-- feedback 0/230 0/230 --------------->|  synchronous mode acks up to 0/230
 *     |<-- error START_LSN_NOT_RETAINED ... ---|  (for instance) and the socket closes
 *
 * The replica writes each commit at the very LSN the primary gave it (the batch
 * encoder is deterministic, so its WAL is a byte copy of the primary's records);
 * a commit that would land elsewhere is a divergence, never written.
 * Worked example (pinned by replication-wire.test.ts): hello v1, timeline 1,
 * 4 KiB segments, flushed 0x1028, last record 0x1000 is 30 bytes:
 *
 *   19 00 00 00 | 01 | 01 | 01 00 00 00 | 00 10 00 00 | 28 10 00 00 00 00 00 00 | 00 10 00 00 00 00 00 00
 *   bodyBytes 25  hello v1   timeline 1    segment 4096  flushedLsn 0/1028           lastRecordLsn 0/1000
 */
import { Buffer } from 'node:buffer';
import { readUint64, writeUint64 } from '../wal/uint64-field.js';
import type { Lsn } from '../wal/lsn.js';

/** Frozen constants of the wire format: part of the contract, never to be changed. */
export const REPLICATION_WIRE = Object.freeze({
  version: 1,
  frameHeaderBytes: 5,
  kinds: Object.freeze({ hello: 1, commit: 2, feedback: 3, error: 4 }),
  helloBodyBytes: 25,
  commitFixedBytes: 32,
  feedbackBodyBytes: 16,
  /** A frame body is at most this big: the largest commit payload (16 MiB) plus its fixed fields. */
  frameBodyBytesMax: 16 * 1024 * 1024 + 64,
  /** An error message is cut to this many bytes. */
  errorMessageBytesMax: 4096,
});

/** Error codes of an `error` frame, by number. */
export const REPLICATION_ERROR_CODES = Object.freeze([
  'PROTOCOL',
  'VERSION',
  'SEGMENT_SIZE_MISMATCH',
  'TIMELINE_MISMATCH',
  'START_LSN_NOT_RETAINED',
  'DIVERGED',
  'BUSY',
  'TOO_FAR_BEHIND',
  'SHUTDOWN',
] as const);
/** One of `REPLICATION_ERROR_CODES`. */
export type ReplicationErrorCode = (typeof REPLICATION_ERROR_CODES)[number];

/** A decoded frame. */
export type ReplicationFrame =
  | { readonly kind: 'hello'; readonly version: number; readonly timeline: number; readonly segmentSizeBytes: number; readonly flushedLsn: Lsn; readonly lastRecordLsn: Lsn }
  | { readonly kind: 'commit'; readonly lsn: Lsn; readonly tx: number; readonly primaryEndLsn: Lsn; readonly durableAtMs: number; readonly payload: Buffer }
  | { readonly kind: 'feedback'; readonly flushedLsn: Lsn; readonly appliedLsn: Lsn }
  | { readonly kind: 'error'; readonly code: ReplicationErrorCode; readonly message: string };

/** Encodes one frame. */
export function encodeFrame(frame: ReplicationFrame): Buffer {
  const { kinds } = REPLICATION_WIRE;
  switch (frame.kind) {
    case 'hello': {
      const body = Buffer.alloc(REPLICATION_WIRE.helloBodyBytes);
      body.writeUInt8(frame.version, 0);
      body.writeUInt32LE(frame.timeline, 1);
      body.writeUInt32LE(frame.segmentSizeBytes, 5);
      writeUint64(body, 9, frame.flushedLsn);
      writeUint64(body, 17, frame.lastRecordLsn);
      return withHeader(kinds.hello, body);
    }
    case 'commit': {
      const fixed = Buffer.alloc(REPLICATION_WIRE.commitFixedBytes);
      writeUint64(fixed, 0, frame.lsn);
      writeUint64(fixed, 8, frame.tx);
      writeUint64(fixed, 16, frame.primaryEndLsn);
      writeUint64(fixed, 24, Math.max(0, Math.floor(frame.durableAtMs)));
      return withHeader(kinds.commit, Buffer.concat([fixed, frame.payload]));
    }
    case 'feedback': {
      const body = Buffer.alloc(REPLICATION_WIRE.feedbackBodyBytes);
      writeUint64(body, 0, frame.flushedLsn);
      writeUint64(body, 8, frame.appliedLsn);
      return withHeader(kinds.feedback, body);
    }
    case 'error': {
      const message = Buffer.from(frame.message, 'utf8').subarray(0, REPLICATION_WIRE.errorMessageBytesMax);
      return withHeader(kinds.error, Buffer.concat([Buffer.from([REPLICATION_ERROR_CODES.indexOf(frame.code)]), message]));
    }
    default:
      return assertNeverFrame(frame);
  }
}

function withHeader(kind: number, body: Buffer): Buffer {
  const header = Buffer.alloc(REPLICATION_WIRE.frameHeaderBytes);
  header.writeUInt32LE(body.length, 0);
  header.writeUInt8(kind, 4);
  return Buffer.concat([header, body]);
}

function assertNeverFrame(frame: never): never {
  throw new Error(`unknown replication frame ${JSON.stringify(frame)}`);
}

/** A frame the reader could not decode: the connection must be closed. */
export class ReplicationWireError extends Error {
  override readonly name = 'ReplicationWireError';
}

/** Splits a byte stream into frames; bounded by `frameBodyBytesMax`. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  /** Adds received bytes; returns every whole frame they complete. Throws ReplicationWireError on a malformed frame. */
  push(chunk: Buffer): ReplicationFrame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: ReplicationFrame[] = [];
    while (this.pending.length >= REPLICATION_WIRE.frameHeaderBytes) {
      const bodyBytes = this.pending.readUInt32LE(0);
      if (bodyBytes > REPLICATION_WIRE.frameBodyBytesMax) throw new ReplicationWireError(`replication frame of ${bodyBytes} bytes is larger than the limit of ${REPLICATION_WIRE.frameBodyBytesMax}`);
      const end = REPLICATION_WIRE.frameHeaderBytes + bodyBytes;
      if (this.pending.length < end) break;
      frames.push(decodeFrame(this.pending.readUInt8(4), this.pending.subarray(REPLICATION_WIRE.frameHeaderBytes, end)));
      this.pending = this.pending.subarray(end);
    }
    return frames;
  }
}

/** Decodes one frame body of `kind`. */
export function decodeFrame(kind: number, body: Buffer): ReplicationFrame {
  const { kinds } = REPLICATION_WIRE;
  const need = (bytes: number, what: string): void => {
    if (body.length < bytes) throw new ReplicationWireError(`replication ${what} frame has ${body.length} bytes, needs ${bytes}`);
  };
  const uint64 = (offset: number, what: string): number => {
    const value = readUint64(body, offset);
    if (value === undefined) throw new ReplicationWireError(`replication frame field ${what} is out of range`);
    return value;
  };
  switch (kind) {
    case kinds.hello:
      need(REPLICATION_WIRE.helloBodyBytes, 'hello');
      return {
        kind: 'hello',
        version: body.readUInt8(0),
        timeline: body.readUInt32LE(1),
        segmentSizeBytes: body.readUInt32LE(5),
        flushedLsn: uint64(9, 'flushedLsn'),
        lastRecordLsn: uint64(17, 'lastRecordLsn'),
      };
    case kinds.commit:
      need(REPLICATION_WIRE.commitFixedBytes, 'commit');
      return {
        kind: 'commit',
        lsn: uint64(0, 'lsn'),
        tx: uint64(8, 'tx'),
        primaryEndLsn: uint64(16, 'primaryEndLsn'),
        durableAtMs: uint64(24, 'durableAtMs'),
        // Copied: the frame's bytes are a view of the reader's buffer, and the engine keeps payloads.
        payload: Buffer.from(body.subarray(REPLICATION_WIRE.commitFixedBytes)),
      };
    case kinds.feedback:
      need(REPLICATION_WIRE.feedbackBodyBytes, 'feedback');
      return { kind: 'feedback', flushedLsn: uint64(0, 'flushedLsn'), appliedLsn: uint64(8, 'appliedLsn') };
    case kinds.error: {
      need(1, 'error');
      const code = REPLICATION_ERROR_CODES[body.readUInt8(0)] ?? 'PROTOCOL';
      return { kind: 'error', code, message: body.subarray(1).toString('utf8') };
    }
    default:
      throw new ReplicationWireError(`unknown replication frame kind ${kind}`);
  }
}
