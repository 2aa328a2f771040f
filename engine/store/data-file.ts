/**
 * The checkpoint data file: the whole key/value state as of a redo LSN, written
 * by a checkpoint (temp file, sync, rename, directory sync) and named by the
 * control file. Little-endian:
 *
 *   offset  size  field
 *   ------  ----  -------------------------------------------------------------
 *        0     4  magic "UPDF" (0x55 0x50 0x44 0x46)
 *        4     4  checksum: zlib.crc32 (IEEE) of bytes [8, end of file)
 *        8     2  format version: 1
 *       10     2  reserved, zero
 *       12     4  entry count
 *       16     8  redo LSN the state corresponds to
 *       24        entries, sorted by key, each:
 *
 *   +-----------+-------------+-----+-------+
 *   | keyLength | valueLength | key | value |   u16, u32, UTF-8, UTF-8
 *   +-----------+-------------+-----+-------+
 */
import zlib from 'node:zlib';
import { assert } from '../invariants.js';
import type { Lsn } from '../wal/lsn.js';

/** Frozen constants of the data file format. */
export const DATA_FILE_FORMAT = Object.freeze({
  magic: 'UPDF',
  version: 1,
  headerBytes: 24,
  entryHeaderBytes: 6,
});

/** A decoded data file. */
export interface DataFileContents {
  readonly redoLsn: Lsn;
  readonly entries: readonly (readonly [string, string])[];
}

const TWO_POW_32 = 0x1_0000_0000;

/** The data file name of a checkpoint sequence number. */
export function dataFileName(checkpointSequence: number): string {
  return `checkpoint-${checkpointSequence.toString(16).toUpperCase().padStart(16, '0')}.data`;
}

/** True for names `dataFileName` produces. */
export function isDataFileName(name: string): boolean {
  return /^checkpoint-[0-9A-F]{16}\.data$/.test(name);
}

/** Encodes the state (entries sorted by key) as of `redoLsn`. */
export function encodeDataFile(redoLsn: Lsn, entries: readonly (readonly [string, string])[]): Buffer {
  let sizeBytes: number = DATA_FILE_FORMAT.headerBytes;
  for (const [key, value] of entries) {
    sizeBytes += DATA_FILE_FORMAT.entryHeaderBytes + Buffer.byteLength(key, 'utf8') + Buffer.byteLength(value, 'utf8');
  }
  const bytes = Buffer.alloc(sizeBytes);
  bytes.write(DATA_FILE_FORMAT.magic, 0, 'ascii');
  bytes.writeUInt16LE(DATA_FILE_FORMAT.version, 8);
  bytes.writeUInt32LE(entries.length, 12);
  bytes.writeUInt32LE(redoLsn % TWO_POW_32, 16);
  bytes.writeUInt32LE(Math.floor(redoLsn / TWO_POW_32), 20);
  let offset: number = DATA_FILE_FORMAT.headerBytes;
  for (const [key, value] of entries) {
    const keyLength = bytes.write(key, offset + DATA_FILE_FORMAT.entryHeaderBytes, 'utf8');
    const valueLength = bytes.write(value, offset + DATA_FILE_FORMAT.entryHeaderBytes + keyLength, 'utf8');
    bytes.writeUInt16LE(keyLength, offset);
    bytes.writeUInt32LE(valueLength, offset + 2);
    offset += DATA_FILE_FORMAT.entryHeaderBytes + keyLength + valueLength;
  }
  assert(offset === sizeBytes, 'data file size was computed exactly');
  bytes.writeUInt32LE(zlib.crc32(bytes.subarray(8)), 4);
  return bytes;
}

/** Decodes a data file; returns a reason string when it is damaged. */
export function decodeDataFile(raw: Uint8Array): DataFileContents | string {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  if (bytes.length < DATA_FILE_FORMAT.headerBytes) return 'data file shorter than its header';
  if (bytes.toString('ascii', 0, 4) !== DATA_FILE_FORMAT.magic) return 'data file magic mismatch';
  if (zlib.crc32(bytes.subarray(8)) !== bytes.readUInt32LE(4)) return 'data file checksum mismatch';
  if (bytes.readUInt16LE(8) !== DATA_FILE_FORMAT.version) return `data file version ${bytes.readUInt16LE(8)} is not supported`;
  const count = bytes.readUInt32LE(12);
  const redoLsn = bytes.readUInt32LE(20) * TWO_POW_32 + bytes.readUInt32LE(16);
  const entries: (readonly [string, string])[] = [];
  let offset: number = DATA_FILE_FORMAT.headerBytes;
  for (let index = 0; index < count; index += 1) {
    if (offset + DATA_FILE_FORMAT.entryHeaderBytes > bytes.length) return 'data file entry runs past the end';
    const keyLength = bytes.readUInt16LE(offset);
    const valueLength = bytes.readUInt32LE(offset + 2);
    const keyStart = offset + DATA_FILE_FORMAT.entryHeaderBytes;
    const end = keyStart + keyLength + valueLength;
    if (end > bytes.length) return 'data file entry runs past the end';
    entries.push([bytes.toString('utf8', keyStart, keyStart + keyLength), bytes.toString('utf8', keyStart + keyLength, end)]);
    offset = end;
  }
  if (offset !== bytes.length) return 'data file has trailing bytes';
  return { redoLsn, entries };
}
