import { describe, expect, it } from 'vitest';
import { encodeBatch, nextRecordStart, type CommitToEncode } from './batch-encoder.js';
import { alignedRecordBytes, readRecordHeader, recordChecksumMatches, RECORD_FORMAT } from './record-format.js';
import { SegmentGeometry } from './segment-geometry.js';

/** A payload of `sizeBytes` whose bytes are never zero, so a stray zero or a stale byte shows. */
function payload(sizeBytes: number, seed: number): Buffer {
  return Buffer.from(Array.from({ length: sizeBytes }, (_unused, index) => 1 + ((index * 31 + seed) % 250)));
}

describe('encodeBatch', () => {
  const geometry = new SegmentGeometry(4096);
  // Sizes chosen to leave short segment tails and to cut commits into FIRST/MIDDLE/LAST records.
  const commits: CommitToEncode[] = [5, 100, 3990, 9000, 17, 4040, 1].map((sizeBytes, index) => ({ tx: 100 + index, payload: payload(sizeBytes, index) }));
  const startLsn = 2 * 4096 + 4056;
  const batch = encodeBatch(geometry, startLsn, 4096 + 8, commits);

  it('writes records that read back as the commits, in order, each linked to the one before', () => {
    const fragments = new Map<number, Buffer[]>();
    let position = startLsn;
    let previousLsn = 4096 + 8;
    const firstRecordLsns: number[] = [];
    while (position < batch.endLsn) {
      const recordLsn = nextRecordStart(geometry, position);
      const offset = recordLsn - startLsn;
      const header = readRecordHeader(batch.bytes, offset);
      expect(recordChecksumMatches(batch.bytes, offset, header)).toBe(true);
      expect(header).toMatchObject({ lsn: recordLsn, previousLsn, flushLsn: nextRecordStart(geometry, startLsn) });
      if (header.type === 'full' || header.type === 'first') firstRecordLsns.push(recordLsn);
      const parts = fragments.get(header.tx) ?? [];
      parts.push(batch.bytes.subarray(offset + RECORD_FORMAT.headerBytes, offset + header.totalLengthBytes));
      fragments.set(header.tx, parts);
      previousLsn = recordLsn;
      position = recordLsn + alignedRecordBytes(header.totalLengthBytes - RECORD_FORMAT.headerBytes);
    }
    expect(position).toBe(batch.endLsn);
    expect(batch.lastRecordLsn).toBe(previousLsn);
    expect(firstRecordLsns).toEqual(batch.commitLsns);
    expect([...fragments.keys()]).toEqual(commits.map((commit) => commit.tx));
    for (const commit of commits) expect(Buffer.concat(fragments.get(commit.tx) ?? [])).toEqual(commit.payload);
    // The 9000-byte commit cannot fit in one 4 KiB segment: it was cut into several records.
    expect(fragments.get(103)?.length).toBeGreaterThan(2);
  });

  it('zeroes every byte that is not a record: padding and skipped segment tails (the buffer is not pre-zeroed)', () => {
    const covered = new Uint8Array(batch.bytes.length);
    let position = startLsn;
    while (position < batch.endLsn) {
      const recordLsn = nextRecordStart(geometry, position);
      const offset = recordLsn - startLsn;
      const header = readRecordHeader(batch.bytes, offset);
      covered.fill(1, offset, offset + header.totalLengthBytes);
      position = recordLsn + alignedRecordBytes(header.totalLengthBytes - RECORD_FORMAT.headerBytes);
    }
    const strayBytes = [...batch.bytes].filter((byte, index) => covered[index] === 0 && byte !== 0);
    expect(strayBytes).toEqual([]);
    // The batch starts 40 bytes before a segment end: too short for a record, so that tail is padding.
    expect(batch.commitLsns[0]).toBe(3 * 4096);
  });
});
