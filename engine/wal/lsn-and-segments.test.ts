import { describe, expect, it } from 'vitest';
import { formatLsn, parseLsn } from './lsn.js';
import { isValidSegmentSize, SegmentGeometry } from './segment-geometry.js';

describe('LSNs', () => {
  it('print as PostgreSQL prints them: high/low 32 bits in hex', () => {
    expect(formatLsn(0)).toBe('0/0');
    expect(formatLsn(0x16b3d0)).toBe('0/16B3D0');
    expect(formatLsn(0x3_0000_0010)).toBe('3/10');
  });

  it('parse back, and refuse text that is not an LSN', () => {
    for (const lsn of [0, 0x16b3d0, 0x3_0000_0010, 0xffff_ffff]) expect(parseLsn(formatLsn(lsn))).toBe(lsn);
    expect(parseLsn('0/16b3d0')).toBe(0x16b3d0);
    for (const bad of ['', '16B3D0', '0/', '/1', '0/123456789', 'x/1', '0/1/2']) expect(parseLsn(bad)).toBeUndefined();
  });
});

describe('segment geometry', () => {
  it('accepts powers of two from 4 KiB to 1 GiB only', () => {
    expect([4096, 16 * 1024 * 1024, 1024 ** 3].every(isValidSegmentSize)).toBe(true);
    expect([0, 2048, 4097, 3 * 4096, 2 * 1024 ** 3].some(isValidSegmentSize)).toBe(false);
  });

  it('names 16 MiB segments as PostgreSQL does', () => {
    const geometry = new SegmentGeometry(16 * 1024 * 1024);
    expect(geometry.segmentsPerLogId).toBe(256);
    expect(geometry.fileName(1)).toBe('000000010000000000000001');
    expect(geometry.fileName(255)).toBe('0000000100000000000000FF');
    expect(geometry.fileName(256)).toBe('000000010000000100000000');
    expect(geometry.fileName(geometry.segmentNumberOf(0x1_2300_0000))).toBe('000000010000000100000023');
  });

  it('parses names back and ignores other files and other geometries', () => {
    const geometry = new SegmentGeometry(4096);
    for (const number of [0, 1, 0xfffff, 0x100000, 0x1234567]) expect(geometry.parseFileName(geometry.fileName(number))).toBe(number);
    expect(geometry.parseFileName('unplug.control')).toBeUndefined();
    expect(geometry.parseFileName('000000020000000000000001')).toBeUndefined();
    expect(new SegmentGeometry(16 * 1024 * 1024).parseFileName('000000010000000000000100')).toBeUndefined();
  });

  it('splits an LSN into segment and offset', () => {
    const geometry = new SegmentGeometry(4096);
    expect(geometry.segmentNumberOf(8191)).toBe(1);
    expect(geometry.offsetInSegment(8191)).toBe(4095);
    expect(geometry.remainingInSegment(8190)).toBe(2);
    expect(geometry.segmentStartLsn(3)).toBe(12288);
  });
});
