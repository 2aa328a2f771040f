/**
 * `waldump`: prints the WAL records of a store one per line, the way
 * pg_waldump does, for people debugging a store. It reads the raw segments,
 * not the replay scan, so it also shows what recovery would stop at: records
 * whose checksum fails, records whose LSN is not their position (stale bytes of
 * a recycled segment), and where zeros begin. A line looks like:
 *
 *   lsn 0/1030 prev 0/1000 flush 0/1000 tx 7 FULL len 97 crc ok: a put 12 B, b delete
 */
import type { FileSystem } from '../fs/file-system.js';
import { joinPath } from '../fs/file-system.js';
import { decodeCommitPayload } from '../wal/commit-payload.js';
import type { Lsn } from '../wal/lsn.js';
import { formatLsn } from '../wal/lsn.js';
import { alignedRecordBytes, readRecordHeader, RECORD_FORMAT, RECORD_START_MIN_BYTES, recordChecksumMatches } from '../wal/record-format.js';
import { isAllZero } from '../wal/record-probe.js';
import { decodeSegmentHeader, SEGMENT_HEADER_FORMAT } from '../wal/segment-header.js';
import { readStoreLayout } from './store-layout.js';

/** Counts of a dump, for its summary line and for tests. */
export interface WalDumpSummary {
  readonly segments: number;
  readonly records: number;
  readonly checksumFailures: number;
  readonly staleRecords: number;
}

/** Prints every record of `directory`'s current timeline from `fromLsn` through `writeLine`; returns the counts. */
export function dumpWal(fileSystem: FileSystem, directory: string, fromLsn: Lsn | undefined, writeLine: (line: string) => void): WalDumpSummary {
  const { geometry, segments } = readStoreLayout(fileSystem, directory);
  const counts = { segments: 0, records: 0, checksumFailures: 0, staleRecords: 0 };
  const fragments = new Map<number, Buffer[]>();
  for (const segmentNumber of segments) {
    const segmentStart = geometry.segmentStartLsn(segmentNumber);
    if (fromLsn !== undefined && segmentStart + geometry.segmentSizeBytes <= fromLsn) continue;
    counts.segments += 1;
    const name = geometry.fileName(segmentNumber);
    const bytes = Buffer.from(fileSystem.readFile(joinPath(directory, name)));
    writeLine(`segment ${name} (${bytes.length} bytes)`);
    // Records start after the segment header (segment-header.ts).
    const segmentHeader = decodeSegmentHeader(bytes);
    writeLine(
      typeof segmentHeader === 'string'
        ? `  header: ${segmentHeader}`
        : `  header: store ${segmentHeader.storeId} segment ${segmentHeader.segmentNumber}${segmentHeader.segmentNumber === segmentNumber ? '' : ` (MISPLACED: file is segment ${segmentNumber})`} prepared at ${formatLsn(segmentHeader.preparedAtLsn)}`,
    );
    // An LSN inside the segment may fall inside a record: records are walked from the segment's first one and
    // those before the LSN are not printed, so the dump starts at the first record at or after it (pg_waldump's
    // "first record is after"), instead of decoding the middle of a record as a header.
    const skipBelowLsn = fromLsn !== undefined && fromLsn > segmentStart + SEGMENT_HEADER_FORMAT.headerBytes ? fromLsn : undefined;
    let offset = SEGMENT_HEADER_FORMAT.headerBytes;
    let announced = skipBelowLsn === undefined;
    while (offset + RECORD_START_MIN_BYTES <= bytes.length) {
      const lsn = segmentStart + offset;
      const skipping = skipBelowLsn !== undefined && lsn < skipBelowLsn;
      if (!announced && !skipping) {
        announced = true;
        if (skipBelowLsn !== undefined && lsn > skipBelowLsn) writeLine(`  first record is after ${formatLsn(skipBelowLsn)}, at ${formatLsn(lsn)}, skipping over ${lsn - skipBelowLsn} bytes`);
      }
      if (isAllZero(bytes, offset, offset + RECORD_FORMAT.headerBytes)) {
        writeLine(`  ${formatLsn(lsn)}: zeros to the end of the segment`);
        break;
      }
      const header = readRecordHeader(bytes, offset);
      if (header.type === undefined || header.totalLengthBytes < RECORD_FORMAT.headerBytes || offset + header.totalLengthBytes > bytes.length) {
        writeLine(`  ${formatLsn(lsn)}: invalid record header (type byte ${bytes[offset + RECORD_FORMAT.typeOffset]}, length ${header.totalLengthBytes}); the rest of the segment is not readable`);
        counts.checksumFailures += 1;
        break;
      }
      const checksumOk = recordChecksumMatches(bytes, offset, header);
      const stale = header.lsn !== lsn;
      if (skipping) {
        // Fragments before the LSN are still collected, so a commit that ends after it decodes whole.
        if (checksumOk) describeWrites(header.type, header.tx, bytes.subarray(offset + RECORD_FORMAT.headerBytes, offset + header.totalLengthBytes), fragments);
        offset += alignedRecordBytes(header.totalLengthBytes - RECORD_FORMAT.headerBytes);
        continue;
      }
      counts.records += 1;
      if (!checksumOk) counts.checksumFailures += 1;
      if (stale) counts.staleRecords += 1;
      const payload = bytes.subarray(offset + RECORD_FORMAT.headerBytes, offset + header.totalLengthBytes);
      const writes = checksumOk ? describeWrites(header.type, header.tx, payload, fragments) : 'payload not decoded';
      writeLine(
        `  lsn ${formatLsn(lsn)} prev ${formatLsn(Math.max(0, header.previousLsn))} flush ${formatLsn(Math.max(0, header.flushLsn))} tx ${header.tx} ` +
          `${header.type.toUpperCase()} len ${header.totalLengthBytes} crc ${checksumOk ? 'ok' : 'BAD'}${stale ? ` STALE (record says ${formatLsn(Math.max(0, header.lsn))})` : ''}: ${writes}`,
      );
      offset += alignedRecordBytes(header.totalLengthBytes - RECORD_FORMAT.headerBytes);
    }
  }
  writeLine(`${counts.records} records in ${counts.segments} segments, ${counts.checksumFailures} checksum failures, ${counts.staleRecords} stale`);
  return counts;
}

/** Keys and sizes of a whole commit; fragments are joined by tx until the LAST one. */
function describeWrites(type: 'full' | 'first' | 'middle' | 'last', tx: number, payload: Buffer, fragments: Map<number, Buffer[]>): string {
  if (type === 'first' || type === 'middle') {
    if (type === 'first') fragments.set(tx, []);
    fragments.get(tx)?.push(Buffer.from(payload));
    return `fragment of ${payload.length} bytes`;
  }
  const joined = type === 'full' ? payload : Buffer.concat([...(fragments.get(tx) ?? []), payload]);
  fragments.delete(tx);
  const writes = decodeCommitPayload(joined);
  if (writes === undefined) return type === 'last' ? 'last fragment; the commit does not decode (its first fragment was not read)' : 'payload does not decode';
  return writes.map(([key, value]) => (value === null ? `${key} delete` : `${key} put ${Buffer.byteLength(value)} B`)).join(', ');
}
