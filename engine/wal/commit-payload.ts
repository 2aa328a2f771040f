/**
 * The payload of one commit: its key-level changes, not a statement. The payload
 * is split into the fragments of FULL/FIRST/MIDDLE/LAST records (see
 * record-format.ts) and joined again by the reader. Little-endian:
 *
 *   +-------------+--------+------+-----------+--------------+-----+-------+----
 *   | writeCount  | kind   | rsvd | keyLength | valueLength  | key | value | ...
 *   |  u32        |  u8    |  u8  |   u16     |    u32       |     |       |
 *   +-------------+--------+------+-----------+--------------+-----+-------+----
 *    0             4 ----- one change, repeated writeCount times --------------
 *
 * kind 1 puts `value` (UTF-8) at `key` (UTF-8); kind 2 deletes `key` and has
 * valueLength 0. The reader rejects any payload whose lengths do not add up
 * exactly, so a payload that passed its checksum is also structurally whole.
 */
import { assert } from '../invariants.js';
import type { Write } from '../engine-types.js';

/** Frozen constants of the commit payload format. */
export const COMMIT_PAYLOAD_FORMAT = Object.freeze({
  countBytes: 4,
  changeHeaderBytes: 8,
  kindPut: 1,
  kindDelete: 2,
});

/** The encoded size of a commit's writes, computed before allocating. */
export function commitPayloadBytes(writes: readonly Write[]): number {
  let total: number = COMMIT_PAYLOAD_FORMAT.countBytes;
  for (const [key, value] of writes) {
    total += COMMIT_PAYLOAD_FORMAT.changeHeaderBytes + Buffer.byteLength(key, 'utf8');
    if (value !== null) total += Buffer.byteLength(value, 'utf8');
  }
  return total;
}

/**
 * Encodes a commit's writes into a new buffer. It comes from Node's shared
 * buffer pool (allocUnsafe) rather than a zeroed allocation of its own, because
 * this runs once per commit; every byte is written below, the reserved byte too.
 */
export function encodeCommitPayload(writes: readonly Write[]): Buffer {
  const payload = Buffer.allocUnsafe(commitPayloadBytes(writes));
  payload.writeUInt32LE(writes.length, 0);
  let offset: number = COMMIT_PAYLOAD_FORMAT.countBytes;
  for (const [key, value] of writes) {
    const keyLength = payload.write(key, offset + COMMIT_PAYLOAD_FORMAT.changeHeaderBytes, 'utf8');
    const valueLength = value === null ? 0 : payload.write(value, offset + COMMIT_PAYLOAD_FORMAT.changeHeaderBytes + keyLength, 'utf8');
    payload.writeUInt8(value === null ? COMMIT_PAYLOAD_FORMAT.kindDelete : COMMIT_PAYLOAD_FORMAT.kindPut, offset);
    payload.writeUInt8(0, offset + 1);
    payload.writeUInt16LE(keyLength, offset + 2);
    payload.writeUInt32LE(valueLength, offset + 4);
    offset += COMMIT_PAYLOAD_FORMAT.changeHeaderBytes + keyLength + valueLength;
  }
  assert(offset === payload.length, 'commit payload size was computed exactly');
  return payload;
}

/** Decodes a commit payload; returns undefined when it is not structurally whole. */
export function decodeCommitPayload(payload: Buffer): readonly Write[] | undefined {
  if (payload.length < COMMIT_PAYLOAD_FORMAT.countBytes) return undefined;
  const count = payload.readUInt32LE(0);
  const writes: Write[] = [];
  let offset: number = COMMIT_PAYLOAD_FORMAT.countBytes;
  for (let index = 0; index < count; index += 1) {
    if (offset + COMMIT_PAYLOAD_FORMAT.changeHeaderBytes > payload.length) return undefined;
    const kind = payload.readUInt8(offset);
    const reserved = payload.readUInt8(offset + 1);
    const keyLength = payload.readUInt16LE(offset + 2);
    const valueLength = payload.readUInt32LE(offset + 4);
    const keyStart = offset + COMMIT_PAYLOAD_FORMAT.changeHeaderBytes;
    const valueStart = keyStart + keyLength;
    const end = valueStart + valueLength;
    if (reserved !== 0 || end > payload.length) return undefined;
    const key = payload.toString('utf8', keyStart, valueStart);
    if (kind === COMMIT_PAYLOAD_FORMAT.kindPut) {
      writes.push([key, payload.toString('utf8', valueStart, end)]);
    } else if (kind === COMMIT_PAYLOAD_FORMAT.kindDelete && valueLength === 0) {
      writes.push([key, null]);
    } else {
      return undefined;
    }
    offset = end;
  }
  return offset === payload.length ? writes : undefined;
}
