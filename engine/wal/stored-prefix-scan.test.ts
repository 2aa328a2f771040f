/**
 * The stored-prefix shortcut of recovery's record scans: on a file system that
 * stores zeros sparsely, a segment is read as its stored prefix and the scans
 * stop at `dataEndBytes`. These tests show that the shortcut finds exactly
 * what a scan of the whole zero-extended segment finds, on seeded random
 * segments whose data (records carrying their own position, garbage, stale
 * positions) ends anywhere and is followed by zeros.
 */
import { describe, expect, it } from 'vitest';
import { MemFileSystem } from '../fs/mem-file-system.js';
import type { FileSystem } from '../fs/file-system.js';
import { ForwardingFileSystem } from '../fs/forwarding-file-system.js';
import { forEachPositionedRecord } from './later-record-search.js';
import { RECORD_FORMAT } from './record-format.js';
import { SegmentGeometry } from './segment-geometry.js';
import { encodeSegmentHeader } from './segment-header.js';
import { DirectorySegmentSource } from './segment-source.js';

const SEGMENT_NUMBER = 5;
const STORE_ID = 77;

/** A deterministic pseudo-random source (mulberry32): the seed is printed on failure. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A segment with a header, then data up to a random end, then zeros; returns it and its data end. */
function randomSegment(geometry: SegmentGeometry, next: () => number): { readonly segment: Buffer; readonly dataEndBytes: number } {
  const segment = Buffer.alloc(geometry.segmentSizeBytes);
  segment.set(encodeSegmentHeader({ segmentSizeBytes: geometry.segmentSizeBytes, storeId: STORE_ID, segmentNumber: SEGMENT_NUMBER, preparedAtLsn: 0 }), 0);
  const dataEndBytes = 64 + Math.floor(next() * (geometry.segmentSizeBytes - 64));
  for (let slot = 64; slot + RECORD_FORMAT.headerBytes <= dataEndBytes; slot += RECORD_FORMAT.alignmentBytes) {
    const roll = next();
    const lsnField = slot + RECORD_FORMAT.lsnOffset;
    // Some slots carry their own position (candidates), some a stale one, some garbage.
    if (roll < 0.05) segment.writeUInt32LE(geometry.segmentStartLsn(SEGMENT_NUMBER) + slot, lsnField);
    else if (roll < 0.1) segment.writeUInt32LE(geometry.segmentStartLsn(SEGMENT_NUMBER - 1) + slot, lsnField);
    else if (roll < 0.2) segment[slot + Math.floor(next() * RECORD_FORMAT.alignmentBytes)] = 1 + Math.floor(next() * 255);
  }
  segment.fill(0, dataEndBytes);
  return { segment, dataEndBytes };
}

/** The offsets the sweep visits from `fromOffset`, with or without a data end. */
function visited(geometry: SegmentGeometry, segment: Buffer, fromOffset: number, dataEndBytes?: number): number[] {
  const offsets: number[] = [];
  forEachPositionedRecord(geometry, SEGMENT_NUMBER, segment, fromOffset, (offset) => {
    offsets.push(offset);
    return false;
  }, dataEndBytes);
  return offsets;
}

describe('the stored-prefix shortcut of the record sweep', () => {
  it('visits exactly the slots a whole-segment sweep visits, on random segments with zero tails', () => {
    for (let seed = 1; seed <= 60; seed += 1) {
      const next = random(seed);
      const geometry = new SegmentGeometry(seed % 3 === 0 ? 64 * 1024 : 4 * 1024);
      const { segment, dataEndBytes } = randomSegment(geometry, next);
      const fromOffset = Math.floor(next() * geometry.segmentSizeBytes);
      const whole = visited(geometry, segment, fromOffset);
      expect(visited(geometry, segment, fromOffset, dataEndBytes), `seed ${seed}`).toEqual(whole);
      // Any end at or past the last stored byte gives the same answer, down to the exact data end.
      expect(visited(geometry, segment, fromOffset, dataEndBytes + Math.floor(next() * 100)), `seed ${seed}`).toEqual(whole);
    }
  });

  it('misses a record when told a data end before it: the bound is what limits the sweep', () => {
    const geometry = new SegmentGeometry(4 * 1024);
    const segment = Buffer.alloc(geometry.segmentSizeBytes);
    const slot = 2048;
    segment.writeUInt32LE(geometry.segmentStartLsn(SEGMENT_NUMBER) + slot, slot + RECORD_FORMAT.lsnOffset);
    expect(visited(geometry, segment, 0)).toEqual([slot]);
    expect(visited(geometry, segment, 0, slot)).toEqual([]);
    expect(visited(geometry, segment, 0, slot + 1)).toEqual([slot]);
  });
});

describe('segments read as their stored prefix', () => {
  it('read the same zero-extended bytes as a whole-file read, with a data end past every stored byte', () => {
    for (let seed = 1; seed <= 20; seed += 1) {
      const next = random(seed);
      const geometry = new SegmentGeometry(64 * 1024);
      const { segment, dataEndBytes } = randomSegment(geometry, next);
      const memory = new MemFileSystem();
      memory.mkdirAll('/wal');
      const handle = memory.open(`/wal/${geometry.fileName(SEGMENT_NUMBER)}`, { create: true });
      // Preallocated like the engine does (zeros are not stored), then the data written over it.
      handle.write(new Uint8Array(geometry.segmentSizeBytes), 0);
      handle.write(segment.subarray(0, dataEndBytes), 0);
      handle.close();
      const read = (fileSystem: FileSystem) =>
        new DirectorySegmentSource(fileSystem, '/wal', geometry, new Set([SEGMENT_NUMBER]), { storeId: STORE_ID, segmentSizeBytes: geometry.segmentSizeBytes }).readSegment(SEGMENT_NUMBER);
      const sparse = read(memory);
      // A decorator hides the shortcut, so this is the whole-file path.
      const whole = read(new ForwardingFileSystem(memory));
      expect(memory.readStoredPrefix(`/wal/${geometry.fileName(SEGMENT_NUMBER)}`).storedBytes.length).toBeLessThan(geometry.segmentSizeBytes);
      if (sparse.kind !== 'ok' || whole.kind !== 'ok') throw new Error(`seed ${seed}: segment not readable`);
      expect(sparse.bytes.equals(whole.bytes), `seed ${seed}`).toBe(true);
      expect(sparse.bytes.equals(segment), `seed ${seed}`).toBe(true);
      expect(whole.dataEndBytes).toBe(geometry.segmentSizeBytes);
      expect(sparse.dataEndBytes, `seed ${seed}`).toBeGreaterThanOrEqual(dataEndBytes);
      expect(sparse.dataEndBytes, `seed ${seed}`).toBeLessThan(geometry.segmentSizeBytes);
      expect(sparse.bytes.subarray(sparse.dataEndBytes ?? 0).every((byte) => byte === 0)).toBe(true);
    }
  });
});
