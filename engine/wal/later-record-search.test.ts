import { describe, expect, it } from 'vitest';
import { forEachPositionedRecord } from './later-record-search.js';
import { RECORD_FORMAT } from './record-format.js';
import { SegmentGeometry } from './segment-geometry.js';

describe('the positioned-record sweep', () => {
  it('finds every slot carrying its own position, also next to the zero-skip chunk edges, and nothing else', () => {
    const geometry = new SegmentGeometry(64 * 1024);
    const segmentNumber = 3;
    const segment = Buffer.alloc(geometry.segmentSizeBytes);
    const placed = [48, 4088, 4096, 4104, 8192 - 48, 30_000 - (30_000 % 8), geometry.segmentSizeBytes - RECORD_FORMAT.headerBytes];
    for (const offset of placed) segment.writeUInt32LE(geometry.segmentStartLsn(segmentNumber) + offset, offset + RECORD_FORMAT.lsnOffset);
    // A slot whose lsn field names another position is no candidate.
    segment.writeUInt32LE(12345, 20_000 + RECORD_FORMAT.lsnOffset);
    const found: number[] = [];
    forEachPositionedRecord(geometry, segmentNumber, segment, 0, (offset) => {
      found.push(offset);
      return false;
    });
    expect(found).toEqual(placed);
    const fromMiddle: number[] = [];
    forEachPositionedRecord(geometry, segmentNumber, segment, 4097, (offset) => {
      fromMiddle.push(offset);
      return fromMiddle.length === 2;
    });
    expect(fromMiddle).toEqual([4104, 8192 - 48]);
  });
});
