/**
 * The control file, `unplug.control`: a small fixed-size record that says which
 * checkpoint is current (like PostgreSQL's pg_control). It is replaced
 * atomically (temp file, sync, rename, directory sync) when the store is
 * created (before its first segment exists, so the options that shape the
 * on-disk format are durable before any commit is acknowledged), at the end of
 * every checkpoint, at a clean close, and at the first open after a clean close.
 * Little-endian, 96 bytes:
 *
 *   offset  size  field
 *   ------  ----  -------------------------------------------------------------
 *        0     4  magic "UPCF" (0x55 0x50 0x43 0x46)
 *        4     4  checksum: zlib.crc32 (IEEE) of bytes [8, 96)
 *        8     2  format version: 2
 *       10     2  flags: bit 0 = closed cleanly (the log ends exactly at logEndLsn)
 *       12     4  WAL segment size in bytes
 *       16     8  redo LSN: replay starts here
 *       24     8  LSN of the last record before the redo point (0: none)
 *       32     8  checkpoint sequence number (0: no checkpoint yet, no data file)
 *       40     8  data file size in bytes
 *       48    32  data file name, ASCII, zero-padded (empty with sequence 0)
 *       80     8  store id: a random id chosen at creation, repeated in every segment header
 *       88     8  logEndLsn: the log reached at least this LSN, all of it synced
 *
 *   +-------+--------+---+-----+-------+-----+---------+-----+----------+-----------+-------+--------+
 *   | magic |checksum|ver|flags|segSize|redo |redoPrev | seq | dataSize | data name |storeId|logEnd  |
 *   +-------+--------+---+-----+-------+-----+---------+-----+----------+-----------+-------+--------+
 *    0       4        8   10    12      16    24        32    40         48          80      88     96
 *
 * Recovery treats a log that stops before `logEndLsn` as damaged: those commits
 * were synced and acknowledged. A missing control file next to any segment or
 * data file is damage too, since the control file is always created first.
 */
import zlib from 'node:zlib';
import { assert } from '../invariants.js';
import { readUint64, writeUint64 } from '../wal/uint64-field.js';
import type { Lsn } from '../wal/lsn.js';

/** Frozen constants of the control file format. */
export const CONTROL_FILE_FORMAT = Object.freeze({
  fileName: 'unplug.control',
  magic: 'UPCF',
  version: 2,
  sizeBytes: 96,
  dataFileNameBytesMax: 32,
  flagClosedCleanly: 1,
});

/** What the control file records. */
export interface ControlRecord {
  readonly segmentSizeBytes: number;
  readonly redoLsn: Lsn;
  readonly redoPreviousLsn: Lsn;
  readonly checkpointSequence: number;
  readonly dataFileSizeBytes: number;
  /** Empty when `checkpointSequence` is 0. */
  readonly dataFileName: string;
  readonly storeId: number;
  /** The log reached at least this LSN, all synced. */
  readonly logEndLsn: Lsn;
  /** The store was closed cleanly and the log ends exactly at `logEndLsn`. */
  readonly closedCleanly: boolean;
}

/** Encodes a control record into its 96 bytes. */
export function encodeControlFile(record: ControlRecord): Buffer {
  assert(/^[\x21-\x7e]*$/.test(record.dataFileName), 'data file name is printable ASCII');
  assert(record.dataFileName.length <= CONTROL_FILE_FORMAT.dataFileNameBytesMax, 'data file name fits');
  const bytes = Buffer.alloc(CONTROL_FILE_FORMAT.sizeBytes);
  bytes.write(CONTROL_FILE_FORMAT.magic, 0, 'ascii');
  bytes.writeUInt16LE(CONTROL_FILE_FORMAT.version, 8);
  bytes.writeUInt16LE(record.closedCleanly ? CONTROL_FILE_FORMAT.flagClosedCleanly : 0, 10);
  bytes.writeUInt32LE(record.segmentSizeBytes, 12);
  writeUint64(bytes, 16, record.redoLsn);
  writeUint64(bytes, 24, record.redoPreviousLsn);
  writeUint64(bytes, 32, record.checkpointSequence);
  writeUint64(bytes, 40, record.dataFileSizeBytes);
  bytes.write(record.dataFileName, 48, 'ascii');
  writeUint64(bytes, 80, record.storeId);
  writeUint64(bytes, 88, record.logEndLsn);
  bytes.writeUInt32LE(zlib.crc32(bytes.subarray(8)), 4);
  return bytes;
}

/** Decodes a control file; returns a reason string when it is damaged. */
export function decodeControlFile(bytes: Uint8Array): ControlRecord | string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length !== CONTROL_FILE_FORMAT.sizeBytes) return `control file has ${buffer.length} bytes, expected ${CONTROL_FILE_FORMAT.sizeBytes}`;
  if (buffer.toString('ascii', 0, 4) !== CONTROL_FILE_FORMAT.magic) return 'control file magic mismatch';
  if (zlib.crc32(buffer.subarray(8)) !== buffer.readUInt32LE(4)) return 'control file checksum mismatch';
  if (buffer.readUInt16LE(8) !== CONTROL_FILE_FORMAT.version) return `control file version ${buffer.readUInt16LE(8)} is not supported`;
  const nameEnd = buffer.indexOf(0, 48);
  const dataFileName = buffer.toString('ascii', 48, nameEnd === -1 || nameEnd > 80 ? 80 : nameEnd);
  const flags = buffer.readUInt16LE(10);
  if ((flags & ~CONTROL_FILE_FORMAT.flagClosedCleanly) !== 0) return `control file flags ${flags} are not known`;
  const fields = [16, 24, 32, 40, 80, 88].map((offset) => readUint64(buffer, offset));
  const [redoLsn, redoPreviousLsn, checkpointSequence, dataFileSizeBytes, storeId, logEndLsn] = fields;
  if (
    redoLsn === undefined ||
    redoPreviousLsn === undefined ||
    checkpointSequence === undefined ||
    dataFileSizeBytes === undefined ||
    storeId === undefined ||
    logEndLsn === undefined
  ) {
    return 'control file field out of range';
  }
  if (logEndLsn < redoLsn) return `control file log end ${logEndLsn} is before its redo LSN ${redoLsn}`;
  if ((checkpointSequence === 0) !== (dataFileName.length === 0)) return 'control file data file name does not match its checkpoint sequence';
  return {
    segmentSizeBytes: buffer.readUInt32LE(12),
    redoLsn,
    redoPreviousLsn,
    checkpointSequence,
    dataFileSizeBytes,
    dataFileName,
    storeId,
    logEndLsn,
    closedCleanly: flags === CONTROL_FILE_FORMAT.flagClosedCleanly,
  };
}
