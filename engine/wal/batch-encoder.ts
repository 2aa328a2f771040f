/**
 * Encodes one group flush: every queued commit, in order, into ONE buffer that
 * covers a contiguous LSN range, so the flush can write it with one positional
 * write per segment touched. Commits that do not fit in what is left of a
 * segment are cut into FIRST/MIDDLE/LAST records; the skipped tail of a segment
 * is written as zeros, which also clears stale bytes of a recycled segment.
 */
import { assert } from '../invariants.js';
import type { Lsn } from './lsn.js';
import { RECORD_FORMAT, RECORD_START_MIN_BYTES, alignedRecordBytes, writeRecord } from './record-format.js';
import type { RecordTypeName } from './record-format.js';
import type { SegmentGeometry } from './segment-geometry.js';
import { SEGMENT_HEADER_FORMAT } from './segment-header.js';

/** One commit to encode: its transaction id and its encoded payload. */
export interface CommitToEncode {
  readonly tx: number;
  readonly payload: Buffer;
}

/** The result of encoding a batch. */
export interface EncodedBatch {
  /** The position of `bytes[0]`. */
  readonly startLsn: Lsn;
  /** The first byte after the batch: where the next batch starts. */
  readonly endLsn: Lsn;
  readonly bytes: Buffer;
  /** The LSN of each commit's first record, in input order. */
  readonly commitLsns: readonly Lsn[];
  /** The position of the batch's last record: the next record's `previousLsn`. */
  readonly lastRecordLsn: Lsn;
}

/** A record placed by the layout pass. */
interface PlacedRecord {
  readonly lsn: Lsn;
  readonly type: RecordTypeName;
  readonly commitIndex: number;
  readonly payloadStart: number;
  readonly payloadEnd: number;
}

/**
 * Where the next record can start at or after `lsn`: past the segment header
 * (segment-header.ts), and in the next segment when the tail is too short for one.
 */
export function nextRecordStart(geometry: SegmentGeometry, lsn: Lsn): Lsn {
  assert(lsn % RECORD_FORMAT.alignmentBytes === 0, 'record positions are 8-byte aligned');
  const offset = geometry.offsetInSegment(lsn);
  if (offset < SEGMENT_HEADER_FORMAT.headerBytes) return lsn - offset + SEGMENT_HEADER_FORMAT.headerBytes;
  return geometry.remainingInSegment(lsn) < RECORD_START_MIN_BYTES
    ? geometry.segmentStartLsn(geometry.segmentNumberOf(lsn) + 1) + SEGMENT_HEADER_FORMAT.headerBytes
    : lsn;
}

/** Lays out and encodes `commits` starting at `startLsn`; `previousLsn` is the record before it. */
export function encodeBatch(
  geometry: SegmentGeometry,
  startLsn: Lsn,
  previousLsn: Lsn,
  commits: readonly CommitToEncode[],
): EncodedBatch {
  assert(commits.length > 0, 'a batch holds at least one commit');
  const records: PlacedRecord[] = [];
  const commitLsns: Lsn[] = [];
  let position = startLsn;
  commits.forEach((commit, commitIndex) => {
    let payloadStart = 0;
    let fragmentIndex = 0;
    for (;;) {
      position = nextRecordStart(geometry, position);
      const room = geometry.remainingInSegment(position) - RECORD_FORMAT.headerBytes;
      const left = commit.payload.length - payloadStart;
      const last = left <= room;
      const payloadEnd = last ? commit.payload.length : payloadStart + room;
      const type: RecordTypeName = fragmentIndex === 0 ? (last ? 'full' : 'first') : last ? 'last' : 'middle';
      if (fragmentIndex === 0) commitLsns.push(position);
      records.push({ lsn: position, type, commitIndex, payloadStart, payloadEnd });
      position += alignedRecordBytes(payloadEnd - payloadStart);
      payloadStart = payloadEnd;
      fragmentIndex += 1;
      if (last) break;
    }
  });
  const bytes = Buffer.alloc(position - startLsn);
  const flushLsn = records[0]?.lsn ?? startLsn;
  let linkLsn = previousLsn;
  for (const record of records) {
    const commit = commits[record.commitIndex];
    assert(commit !== undefined, 'placed record refers to a commit');
    writeRecord(
      bytes,
      record.lsn - startLsn,
      { type: record.type, tx: commit.tx, lsn: record.lsn, previousLsn: linkLsn, flushLsn },
      commit.payload.subarray(record.payloadStart, record.payloadEnd),
    );
    linkLsn = record.lsn;
  }
  return { startLsn, endLsn: position, bytes, commitLsns, lastRecordLsn: linkLsn };
}
