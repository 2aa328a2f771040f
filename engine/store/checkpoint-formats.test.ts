import { describe, expect, it } from 'vitest';
import { decodeControlFile, encodeControlFile } from './control-file.js';
import type { ControlRecord } from './control-file.js';
import { dataFileName, decodeDataFile, encodeDataFile, isDataFileName } from './data-file.js';
import { annotatedHex } from '../test-support/annotated-hex.js';

const CONTROL: ControlRecord = {
  segmentSizeBytes: 4096,
  redoLsn: 0x2010,
  redoPreviousLsn: 0x1fd0,
  checkpointSequence: 3,
  dataFileSizeBytes: 40,
  dataFileName: 'checkpoint-0000000000000003.data',
  storeId: 0xabcdef123456,
  logEndLsn: 0x2010,
  closedCleanly: true,
};

// The control file of CONTROL, field by field, as documented in control-file.ts.
const GOLDEN_CONTROL = annotatedHex(`
  55504346                # magic 'UPCF'
  a9c08127                # checksum: crc32 of bytes [8, 96)
  0200                    # version 2
  0100                    # flags: closed cleanly
  00100000                # segment size 4096
  1020000000000000        # redo LSN 0x2010
  d01f000000000000        # LSN before redo 0x1FD0
  0300000000000000        # checkpoint sequence 3
  2800000000000000        # data file size 40
  636865636b706f696e742d303030303030303030303030303030332e64617461   # 'checkpoint-0000000000000003.data'
  563412efcdab0000        # store id 0xABCDEF123456
  1020000000000000        # log end LSN 0x2010
`);

// The data file of {a: 'x', bb: ''} at redo LSN 0x2010, as documented in data-file.ts.
const GOLDEN_DATA = annotatedHex(`
  55504446                # magic 'UPDF'
  d0a95e66                # checksum: crc32 of bytes [8, end)
  0100                    # version 1
  0000                    # reserved
  02000000                # 2 entries
  1020000000000000        # redo LSN 0x2010
  0100 01000000 61 78     # 'a' = 'x'
  0200 00000000 6262      # 'bb' = ''
`);

describe('control file format', () => {
  it('encodes to the documented golden bytes and decodes back', () => {
    const bytes = encodeControlFile(CONTROL);
    expect(bytes.toString('hex')).toBe(GOLDEN_CONTROL);
    expect(decodeControlFile(Buffer.from(GOLDEN_CONTROL, 'hex'))).toEqual(CONTROL);
  });

  it('reports damage instead of returning wrong fields', () => {
    const flipped = Buffer.from(GOLDEN_CONTROL, 'hex');
    flipped[20] = (flipped[20] ?? 0) ^ 1;
    expect(decodeControlFile(flipped)).toBe('control file checksum mismatch');
    expect(decodeControlFile(Buffer.from(GOLDEN_CONTROL, 'hex').subarray(0, 90))).toMatch(/has 90 bytes/);
    const badMagic = Buffer.from(GOLDEN_CONTROL, 'hex');
    badMagic[0] = 0;
    expect(decodeControlFile(badMagic)).toBe('control file magic mismatch');
  });
});

describe('data file format', () => {
  it('encodes to the documented golden bytes and decodes back', () => {
    const entries = [['a', 'x'], ['bb', '']] as const;
    expect(encodeDataFile(0x2010, entries).toString('hex')).toBe(GOLDEN_DATA);
    expect(decodeDataFile(Buffer.from(GOLDEN_DATA, 'hex'))).toEqual({ redoLsn: 0x2010, entries });
  });

  it('reports damage and truncation', () => {
    const flipped = Buffer.from(GOLDEN_DATA, 'hex');
    flipped[30] = (flipped[30] ?? 0) ^ 1;
    expect(decodeDataFile(flipped)).toBe('data file checksum mismatch');
    expect(decodeDataFile(Buffer.from(GOLDEN_DATA, 'hex').subarray(0, 30))).toBe('data file checksum mismatch');
    expect(decodeDataFile(new Uint8Array(3))).toBe('data file shorter than its header');
  });

  it('names data files by checkpoint sequence', () => {
    expect(dataFileName(3)).toBe('checkpoint-0000000000000003.data');
    expect(isDataFileName(dataFileName(0xabc))).toBe(true);
    expect(isDataFileName('checkpoint-3.data')).toBe(false);
  });
});
