/**
 * Pins the replication wire format byte for byte (a change here breaks every
 * replica of an older primary) and checks that the frame reader reassembles
 * frames split anywhere and refuses malformed ones with a message naming the problem.
 */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FrameReader, REPLICATION_WIRE, ReplicationWireError, type ReplicationFrame } from './replication-wire.js';

const hex = (bytes: Buffer): string => bytes.toString('hex').replace(/(..)/g, '$1 ').trim();

describe('replication wire format: golden bytes', () => {
  it('encodes the documented hello example', () => {
    const frame = encodeFrame({ kind: 'hello', version: 1, timeline: 1, segmentSizeBytes: 4096, flushedLsn: 0x1028, lastRecordLsn: 0x1000 });
    expect(hex(frame)).toBe('19 00 00 00 01 01 01 00 00 00 00 10 00 00 28 10 00 00 00 00 00 00 00 10 00 00 00 00 00 00');
  });

  it('encodes a commit with its payload after the fixed fields', () => {
    const frame = encodeFrame({ kind: 'commit', lsn: 0x1028, tx: 7, primaryEndLsn: 0x1070, durableAtMs: 1_700_000_000_123, payload: Buffer.from([0xaa, 0xbb]) });
    expect(hex(frame)).toBe(
      '22 00 00 00 02 ' + '28 10 00 00 00 00 00 00 ' + '07 00 00 00 00 00 00 00 ' + '70 10 00 00 00 00 00 00 ' + '7b 68 e5 cf 8b 01 00 00 ' + 'aa bb',
    );
  });

  it('encodes feedback and error frames', () => {
    expect(hex(encodeFrame({ kind: 'feedback', flushedLsn: 0x2000, appliedLsn: 0x1ff8 }))).toBe('10 00 00 00 03 00 20 00 00 00 00 00 00 f8 1f 00 00 00 00 00 00');
    expect(hex(encodeFrame({ kind: 'error', code: 'START_LSN_NOT_RETAINED', message: 'gone' }))).toBe('05 00 00 00 04 04 67 6f 6e 65');
  });
});

describe('FrameReader', () => {
  const frames: ReplicationFrame[] = [
    { kind: 'hello', version: 1, timeline: 3, segmentSizeBytes: 65536, flushedLsn: 2 ** 40 + 8, lastRecordLsn: 2 ** 40 },
    { kind: 'commit', lsn: 64, tx: 2 ** 53 - 1, primaryEndLsn: 128, durableAtMs: 5, payload: Buffer.from('payload') },
    { kind: 'feedback', flushedLsn: 128, appliedLsn: 128 },
    { kind: 'error', code: 'TIMELINE_MISMATCH', message: 'the replica is on timeline 1, the primary on 2' },
  ];

  it('round-trips every frame kind when the stream is cut at every byte', () => {
    const stream = Buffer.concat(frames.map(encodeFrame));
    for (let cut = 0; cut <= stream.length; cut += 1) {
      const reader = new FrameReader();
      const decoded = [...reader.push(stream.subarray(0, cut)), ...reader.push(stream.subarray(cut))];
      expect(decoded).toEqual(frames);
    }
  });

  it('refuses an oversized frame, an unknown kind and a short body', () => {
    const oversized = Buffer.alloc(5);
    oversized.writeUInt32LE(REPLICATION_WIRE.frameBodyBytesMax + 1, 0);
    expect(() => new FrameReader().push(oversized)).toThrow(/larger than the limit/);
    expect(() => decodeFrame(9, Buffer.alloc(0))).toThrow(ReplicationWireError);
    expect(() => decodeFrame(REPLICATION_WIRE.kinds.feedback, Buffer.alloc(3))).toThrow(/feedback frame has 3 bytes, needs 16/);
  });
});
