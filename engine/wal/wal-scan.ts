/**
 * The replay scan: reads records from the redo point, joins fragments into
 * commits, hands each whole commit to the caller and stops at the first position
 * that does not hold the record the log expects. It only reports what it found;
 * the recovery table (recovery-table.ts) decides what the stop means.
 */
import { assert } from '../invariants.js';
import type { Write } from '../engine-types.js';
import { ENGINE_LIMITS } from '../engine-types.js';
import { decodeCommitPayload } from './commit-payload.js';
import { nextRecordStart } from './batch-encoder.js';
import type { Lsn } from './lsn.js';
import { probeRecord } from './record-probe.js';
import { alignedRecordBytes, RECORD_FORMAT } from './record-format.js';
import type { SegmentGeometry } from './segment-geometry.js';
import type { SegmentSource } from './segment-source.js';

/** What ended the scan: the classifying probe of the recovery table. */
export type ScanStopKind = 'missing-segment' | 'zeros' | 'stale' | 'torn';

/** The outcome of a scan. */
export interface ScanResult {
  /** The end of the last whole commit: where new records go. */
  readonly validEndLsn: Lsn;
  /** The position of the last record of the last whole commit (or the start's previous LSN). */
  readonly lastRecordLsn: Lsn;
  /** The flush LSN of the last whole commit's records. */
  readonly lastFlushLsn: Lsn;
  readonly commitsReplayed: number;
  readonly stopKind: ScanStopKind;
  /** Where the scan stopped (a record position, possibly after an incomplete commit's fragments). */
  readonly stopLsn: Lsn;
  readonly stopReason: string;
}

/** Where the scan starts: the redo point and the record before it. */
export interface ScanStart {
  readonly lsn: Lsn;
  readonly previousLsn: Lsn;
}

/** Receives each whole commit in log order. */
export type CommitVisitor = (tx: number, writes: readonly Write[], lsn: Lsn) => void;

/** Replays the log from `start` until it stops; see ScanResult. */
export function scanWal(
  geometry: SegmentGeometry,
  source: SegmentSource,
  start: ScanStart,
  verifyChecksum: boolean,
  visit: CommitVisitor,
): ScanResult {
  let position = start.lsn;
  let previousLsn = start.previousLsn;
  let flushLsnAtLeast = 0;
  let committed = { endLsn: start.lsn, lastRecordLsn: start.previousLsn, flushLsn: 0 };
  let commitsReplayed = 0;
  let fragments: Buffer[] = [];
  let fragmentBytes = 0;
  let commitTx = -1;
  let commitLsn = -1;
  const stop = (stopKind: ScanStopKind, stopReason: string): ScanResult => ({
    validEndLsn: committed.endLsn,
    lastRecordLsn: committed.lastRecordLsn,
    lastFlushLsn: committed.flushLsn,
    commitsReplayed,
    stopKind,
    stopLsn: position,
    stopReason,
  });
  for (;;) {
    position = nextRecordStart(geometry, position);
    const read = source.readSegment(geometry.segmentNumberOf(position));
    if (read.kind !== 'ok') {
      // The whole file is the problem: the stop is reported at its offset 0.
      position = geometry.segmentStartLsn(geometry.segmentNumberOf(position));
      if (read.kind === 'missing') return stop('missing-segment', 'segment file does not exist');
      return stop(read.zeroFilled ? 'zeros' : 'torn', read.reason);
    }
    const segment = read.bytes;
    const probe = probeRecord(segment, geometry.offsetInSegment(position), {
      lsn: position,
      previousLsn,
      flushLsnAtLeast,
      verifyChecksum,
    });
    if (probe.kind !== 'valid') return stop(probe.kind, probe.kind === 'zeros' ? 'zero-filled header' : probe.reason);
    const { header, payload } = probe;
    assert(header.type !== undefined, 'a valid record has a known type');
    const continuing = fragments.length > 0;
    const startsCommit = header.type === 'full' || header.type === 'first';
    if (continuing === startsCommit || (continuing && header.tx !== commitTx)) {
      return stop('stale', `a ${header.type} record cannot follow here`);
    }
    if (fragmentBytes + payload.length > ENGINE_LIMITS.commitSizeBytesMax) return stop('torn', 'commit exceeds the size limit');
    if (startsCommit) {
      commitTx = header.tx;
      commitLsn = position;
    }
    fragments.push(payload);
    fragmentBytes += payload.length;
    previousLsn = position;
    flushLsnAtLeast = header.flushLsn;
    const recordEnd = position + alignedRecordBytes(header.totalLengthBytes - RECORD_FORMAT.headerBytes);
    if (header.type === 'full' || header.type === 'last') {
      const writes = decodeCommitPayload(fragments.length === 1 ? payload : Buffer.concat(fragments));
      if (writes === undefined) return stop('torn', 'commit payload does not decode');
      visit(commitTx, writes, commitLsn);
      commitsReplayed += 1;
      committed = { endLsn: recordEnd, lastRecordLsn: position, flushLsn: header.flushLsn };
      fragments = [];
      fragmentBytes = 0;
    }
    position = recordEnd;
  }
}
