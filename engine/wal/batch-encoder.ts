/**
 * Encodes one group flush: every queued commit, in order, into ONE buffer that
 * covers a contiguous LSN range, so the flush can write it with one positional
 * write per segment touched. Commits that do not fit in what is left of a
 * segment are cut into FIRST/MIDDLE/LAST records; the skipped tail of a segment
 * is written as zeros, which also clears stale bytes of a recycled segment.
 *
 * Each flush gets its own buffer from `Buffer.allocUnsafe` (Node's shared pool
 * for small flushes), not a zero-filled allocation: the encoder writes every
 * byte of the range (headers, payloads, padding, skipped tails), so stale
 * bytes never leak. It is never reused for a later flush, because a
 * `FileSystem` may keep the buffer it was given to write (the shim's recorder
 * keeps it in its trace, to build crash states from later).
 */
import { assert } from '../invariants.js';
import type { Lsn } from './lsn.js';
import { RECORD_FORMAT, RECORD_START_MIN_BYTES, alignedRecordBytes, writeRecord } from './record-format.js';
import type { RecordTypeName } from './record-format.js';
import type { SegmentGeometry } from './segment-geometry.js';

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

/** Where the next record can start at or after `lsn` (skipping a segment tail too short for one). */
export function nextRecordStart(geometry: SegmentGeometry, lsn: Lsn): Lsn {
  assert(lsn % RECORD_FORMAT.alignmentBytes === 0, 'record positions are 8-byte aligned');
  return geometry.remainingInSegment(lsn) < RECORD_START_MIN_BYTES
    ? geometry.segmentStartLsn(geometry.segmentNumberOf(lsn) + 1)
    : lsn;
}

/** The position after `commits` when laid out from `startLsn` (the layout pass: arithmetic only). */
function layoutEnd(geometry: SegmentGeometry, startLsn: Lsn, commits: readonly CommitToEncode[]): Lsn {
  let position = startLsn;
  for (const commit of commits) {
    let left = commit.payload.length;
    for (;;) {
      position = nextRecordStart(geometry, position);
      const room = geometry.remainingInSegment(position) - RECORD_FORMAT.headerBytes;
      const fragment = Math.min(left, room);
      position += alignedRecordBytes(fragment);
      left -= fragment;
      if (left === 0) break;
    }
  }
  return position;
}

/** Lays out and encodes `commits` starting at `startLsn` into a new buffer; `previousLsn` is the record before it. */
export function encodeBatch(geometry: SegmentGeometry, startLsn: Lsn, previousLsn: Lsn, commits: readonly CommitToEncode[]): EncodedBatch {
  assert(commits.length > 0, 'a batch holds at least one commit');
  const bytes = Buffer.allocUnsafe(layoutEnd(geometry, startLsn, commits) - startLsn);
  return writeBatch(geometry, bytes, startLsn, previousLsn, commits);
}

/** The write pass: places the same records as `layoutEnd` and writes every byte of `bytes`. */
function writeBatch(geometry: SegmentGeometry, bytes: Buffer, startLsn: Lsn, previousLsn: Lsn, commits: readonly CommitToEncode[]): EncodedBatch {
  const commitLsns: Lsn[] = new Array<Lsn>(commits.length);
  const flushLsn = nextRecordStart(geometry, startLsn);
  let position = startLsn;
  let linkLsn = previousLsn;
  for (let commitIndex = 0; commitIndex < commits.length; commitIndex += 1) {
    const commit = commits[commitIndex]!;
    let payloadStart = 0;
    let fragmentIndex = 0;
    for (;;) {
      const recordLsn = nextRecordStart(geometry, position);
      // A segment tail too short for a record is padding: zero it (it may hold a recycled segment's bytes).
      if (recordLsn !== position) bytes.fill(0, position - startLsn, recordLsn - startLsn);
      const room = geometry.remainingInSegment(recordLsn) - RECORD_FORMAT.headerBytes;
      const left = commit.payload.length - payloadStart;
      const last = left <= room;
      const payloadEnd = last ? commit.payload.length : payloadStart + room;
      const type: RecordTypeName = fragmentIndex === 0 ? (last ? 'full' : 'first') : last ? 'last' : 'middle';
      if (fragmentIndex === 0) commitLsns[commitIndex] = recordLsn;
      const offset = recordLsn - startLsn;
      const fragment = payloadStart === 0 && last ? commit.payload : commit.payload.subarray(payloadStart, payloadEnd);
      const totalBytes = writeRecord(bytes, offset, { type, tx: commit.tx, lsn: recordLsn, previousLsn: linkLsn, flushLsn }, fragment);
      const alignedBytes = alignedRecordBytes(fragment.length);
      // At most 7 bytes: a loop is cheaper than Buffer.fill's argument checks.
      for (let padding = offset + totalBytes; padding < offset + alignedBytes; padding += 1) bytes[padding] = 0;
      linkLsn = recordLsn;
      position = recordLsn + alignedBytes;
      payloadStart = payloadEnd;
      fragmentIndex += 1;
      if (last) break;
    }
  }
  assert(position - startLsn === bytes.length, 'the write pass placed records exactly as the layout pass');
  return { startLsn, endLsn: position, bytes, commitLsns, lastRecordLsn: linkLsn };
}
