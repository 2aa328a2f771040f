import { describe, expect, it } from 'vitest';
import { annotatedHex } from '../test-support/annotated-hex.js';
import { decodeSegmentHeader, encodeSegmentHeader, SEGMENT_HEADER_FORMAT } from './segment-header.js';

const HEADER = { segmentSizeBytes: 4096, storeId: 0xabcdef123456, segmentNumber: 0x1_0000_0003, preparedAtLsn: 0x2030 };

// The header of HEADER, field by field, as documented at the top of segment-header.ts.
const GOLDEN_HEADER = annotatedHex(`
  ddd07a0c                # checksum: crc32 of bytes [4, 48)
  55505753                # magic 'UPWS'
  0100                    # version 1
  0000                    # reserved
  00100000                # segment size 4096
  563412efcdab0000        # store id 0xABCDEF123456
  0300000001000000        # segment number 0x1_00000003
  3020000000000000        # preparedAtLsn 0x2030
  0000000000000000        # reserved
`);

describe('WAL segment header format', () => {
  it('encodes to the documented golden bytes and decodes back', () => {
    const bytes = encodeSegmentHeader(HEADER);
    expect(bytes).toHaveLength(SEGMENT_HEADER_FORMAT.headerBytes);
    expect(bytes.toString('hex')).toBe(GOLDEN_HEADER);
    expect(decodeSegmentHeader(bytes)).toEqual(HEADER);
  });

  it('names what is wrong with a header that is not whole', () => {
    const golden = Buffer.from(GOLDEN_HEADER, 'hex');
    expect(decodeSegmentHeader(new Uint8Array(48))).toBe('segment header is zero-filled');
    expect(decodeSegmentHeader(golden.subarray(0, 47))).toMatch(/needs 48 bytes, found 47/);
    for (const offset of [0, 4, 9, 12, 20, 30, 40, 47]) {
      const flipped = Buffer.from(golden);
      flipped[offset] = (flipped[offset] ?? 0) ^ 0x01;
      expect(typeof decodeSegmentHeader(flipped), `flip at ${offset}`).toBe('string');
    }
  });
});
