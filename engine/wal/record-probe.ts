/**
 * Inspects the bytes where the next WAL record should start and says what is
 * there: a valid record, zeros, a stale record (whole and checksummed but not
 * the one the log expects here), or torn bytes. The recovery table decides what
 * each finding means.
 */
import { formatLsn, type Lsn } from './lsn.js';
import { RECORD_FORMAT, readRecordHeader, recordChecksumMatches } from './record-format.js';
import type { RecordHeader } from './record-format.js';

/** What the bytes at a record position hold. */
export type RecordProbe =
  | { readonly kind: 'valid'; readonly header: RecordHeader; readonly payload: Buffer }
  | { readonly kind: 'zeros' }
  | { readonly kind: 'stale'; readonly reason: string }
  | { readonly kind: 'torn'; readonly reason: string };

/** What the reader expects of the record at a position. */
export interface ProbeExpectation {
  readonly lsn: Lsn;
  readonly previousLsn: Lsn;
  /** The flush LSN of the record before: flushes never go backwards. */
  readonly flushLsnAtLeast: Lsn;
  /** False only with the `skip-checksum` defect. */
  readonly verifyChecksum: boolean;
}

/** Probes the record at `offsetBytes` of `segment`. */
export function probeRecord(segment: Buffer, offsetBytes: number, expected: ProbeExpectation): RecordProbe {
  const headerEnd = offsetBytes + RECORD_FORMAT.headerBytes;
  if (isAllZero(segment, offsetBytes, headerEnd)) return { kind: 'zeros' };
  const header = readRecordHeader(segment, offsetBytes);
  if (header.type === undefined) return { kind: 'torn', reason: 'unknown record type' };
  if (header.version !== RECORD_FORMAT.version) return { kind: 'torn', reason: `unknown format version ${header.version}` };
  if (!header.fieldsInRange) return { kind: 'torn', reason: 'header fields out of range' };
  if (header.totalLengthBytes < RECORD_FORMAT.headerBytes || offsetBytes + header.totalLengthBytes > segment.length) {
    return { kind: 'torn', reason: `impossible record length ${header.totalLengthBytes}` };
  }
  if (expected.verifyChecksum && !recordChecksumMatches(segment, offsetBytes, header)) {
    return { kind: 'torn', reason: 'checksum mismatch' };
  }
  if (header.lsn !== expected.lsn) return { kind: 'stale', reason: `record carries LSN ${formatLsn(header.lsn)}, not its position ${formatLsn(expected.lsn)}` };
  if (header.previousLsn !== expected.previousLsn) return { kind: 'stale', reason: 'record does not link to the record before it' };
  if (header.flushLsn > header.lsn || header.flushLsn < expected.flushLsnAtLeast) {
    return { kind: 'stale', reason: 'record belongs to an older flush' };
  }
  return { kind: 'valid', header, payload: segment.subarray(headerEnd, offsetBytes + header.totalLengthBytes) };
}

/** True when bytes [start, end) are all zero. */
export function isAllZero(bytes: Uint8Array, start: number, end: number): boolean {
  for (let index = start; index < end; index += 1) {
    if (bytes[index] !== 0) return false;
  }
  return true;
}
