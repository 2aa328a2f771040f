/**
 * Micro-benchmarks of the engine's WAL record format (engine/wal/): encoding a
 * commit into a record, decoding and verifying it, and the checksum alone.
 * Task names give the bytes per operation, so throughput is hz x bytes.
 * Run with `npm run bench`.
 */
import zlib from 'node:zlib';
import { bench, describe } from 'vitest';
import type { Write } from '../../engine/engine-types.js';
import { decodeCommitPayload, encodeCommitPayload } from '../../engine/wal/commit-payload.js';
import { alignedRecordBytes, readRecordHeader, recordChecksumMatches, RECORD_FORMAT, writeRecord } from '../../engine/wal/record-format.js';

const BENCH_OPTIONS = { time: 1000, warmupTime: 100 } as const;

/** A commit of one write whose value has `valueSizeBytes` bytes. */
function commitOf(valueSizeBytes: number): readonly Write[] {
  return [['client-17-key-3', 'v'.repeat(valueSizeBytes)]];
}

for (const valueSizeBytes of [100, 8192]) {
  describe(`WAL record, one write of ${valueSizeBytes} B`, () => {
    const writes = commitOf(valueSizeBytes);
    const payload = encodeCommitPayload(writes);
    const target = Buffer.alloc(alignedRecordBytes(payload.length));
    const fields = { type: 'full', tx: 42, lsn: 4096, previousLsn: 4000, flushLsn: 4096 } as const;
    writeRecord(target, 0, fields, payload);

    bench(`encode payload + record (${target.length} B per op)`, () => {
      writeRecord(target, 0, fields, encodeCommitPayload(writes));
    }, BENCH_OPTIONS);

    bench(`decode header + verify checksum + decode payload (${target.length} B per op)`, () => {
      const header = readRecordHeader(target, 0);
      if (!recordChecksumMatches(target, 0, header)) throw new Error('checksum mismatch in the benchmark record');
      decodeCommitPayload(target.subarray(RECORD_FORMAT.headerBytes, header.totalLengthBytes));
    }, BENCH_OPTIONS);
  });
}

describe('checksum (zlib.crc32, IEEE)', () => {
  for (const sizeBytes of [128, 8192, 1024 * 1024]) {
    const data = Buffer.alloc(sizeBytes, 0xa5);
    bench(`crc32 of ${sizeBytes} B per op`, () => {
      zlib.crc32(data);
    }, BENCH_OPTIONS);
  }
});
