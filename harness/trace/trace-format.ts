/**
 * The trace's binary format: the one wire format every tracer (the reference
 * engine's recording decorator, the Node preload shim) writes and the
 * crash-state builder reads. Owned here; encoder and decoder live beside it.
 *
 * A trace file is a 12-byte header followed by records, appended one per
 * operation with a single write(2)/writev(2) each, so that a SIGKILL can at
 * worst leave the LAST record short (a torn tail), never a hole.
 *
 * File header (12 bytes):
 *
 *   0                   8          10         12
 *   +-------------------+----------+----------+
 *   | magic "UNPLUGTR"  | version  | reserved |
 *   | 8 ASCII bytes     | u16 LE=1 | u16 LE=0 |
 *   +-------------------+----------+----------+
 *
 * Record (9 + n bytes):
 *
 *   0            4            8         9
 *   +------------+------------+---------+---------------------------+
 *   | length     | checksum   | kind    | fields (length - 1 bytes) |
 *   | u32 LE     | u32 LE     | u8      |                           |
 *   +------------+------------+---------+---------------------------+
 *
 *   length   = the number of bytes after the checksum (kind + fields), 1..MAX_RECORD_BODY_BYTES
 *   checksum = zlib.crc32 (IEEE CRC-32, not CRC-32C) over the 4 length bytes, then kind + fields;
 *              covering the length means a corrupted length is a checksum error, not a misframe.
 *
 * Field types (all little-endian):
 *   u8, u32          unsigned integers
 *   u64              an unsigned integer below 2^53, as two u32: low word, then high word
 *   string           u32 byte length, then that many UTF-8 bytes
 *   bytes            u32 byte length, then the raw bytes (file data is never JSON or base64)
 *   syncMode u8      0 none, 1 dsync (O_DSYNC), 2 sync (O_SYNC)
 *   syncKind u8      0 fsync, 1 fdatasync
 *
 * Kinds and their fields, in order (a decoder requires the fields to fill the body exactly):
 *   1 mkdir            path:string
 *   2 create           fileId:u32  path:string
 *   3 open             fileId:u32  syncMode:u8  path:string
 *   4 write            fileId:u32  syncMode:u8  offsetBytes:u64  data:bytes   (data last: the head is fixed-size)
 *   5 truncate         fileId:u32  sizeBytes:u64
 *   6 sync             fileId:u32  syncKind:u8
 *   7 sync-directory   path:string
 *   8 rename           sourcePath:string  targetPath:string
 *   9 remove           path:string
 *  10 output           line:string
 *  11 fault            fault:string  operation:string  path:string
 *
 * Worked example, `{ kind: 'sync', fileId: 3, syncKind: 'fdatasync' }` (15 bytes):
 *   06 00 00 00 | crc32(06 00 00 00 06 03 00 00 00 01) LE | 06 | 03 00 00 00 | 01
 *
 * Reading: a record whose header or body runs past the end of the file is a
 * torn tail (the writer died mid-append): it is dropped and its size reported.
 * Anything else malformed (bad magic or version, a checksum mismatch, an
 * unknown kind, fields that do not fill the body, a length over the limit) is a
 * `TraceFormatError` naming the byte offset. A file shorter than the header
 * whose bytes are a prefix of a valid header is an empty trace with a torn tail.
 *
 * These constants are part of the wire format and must not be changed; a
 * change of layout is a new VERSION.
 */
import type { SyncKind, WriteSyncMode } from '../../engine/fs/file-system.js';
import type { TraceRecordKind } from './trace-record.js';

/** The 8 ASCII bytes every trace file starts with. */
export const TRACE_MAGIC_TEXT = 'UNPLUGTR';
/** The magic as bytes (typed arrays cannot be frozen: treat it as read-only). */
export const TRACE_MAGIC: Readonly<Uint8Array> = new Uint8Array(Buffer.from(TRACE_MAGIC_TEXT, 'ascii'));
/** The format version this code writes and reads. */
export const TRACE_VERSION = 1;
/** Size of the file header: magic, version u16, reserved u16. */
export const TRACE_FILE_HEADER_BYTES = 12;
/** Size of a record's length + checksum prefix. */
export const RECORD_PREFIX_BYTES = 8;
/** Largest record body (kind + fields): bounds what a reader allocates and trusts. */
export const MAX_RECORD_BODY_BYTES = 256 * 1024 * 1024;
/** Largest encoded string field (a path, a protocol line). */
export const MAX_STRING_BYTES = 16 * 1024 * 1024;
/** Fixed part of a write record's body: kind, fileId, syncMode, offset u64, data length. */
export const WRITE_BODY_HEAD_BYTES = 1 + 4 + 1 + 8 + 4;
/** Largest data of one write record. */
export const MAX_WRITE_DATA_BYTES = MAX_RECORD_BODY_BYTES - WRITE_BODY_HEAD_BYTES;

/** Kind codes on the wire. */
export const RECORD_KIND_CODES: Readonly<Record<TraceRecordKind, number>> = Object.freeze({
  mkdir: 1,
  create: 2,
  open: 3,
  write: 4,
  truncate: 5,
  sync: 6,
  'sync-directory': 7,
  rename: 8,
  remove: 9,
  output: 10,
  fault: 11,
});

/** syncMode codes on the wire. */
export const SYNC_MODE_CODES: Readonly<Record<WriteSyncMode, number>> = Object.freeze({ none: 0, dsync: 1, sync: 2 });

/** syncKind codes on the wire. */
export const SYNC_KIND_CODES: Readonly<Record<SyncKind, number>> = Object.freeze({ fsync: 0, fdatasync: 1 });

/** Why a trace could not be read. */
export type TraceFormatErrorCode =
  | 'TRACE_BAD_HEADER'
  | 'TRACE_BAD_VERSION'
  | 'TRACE_BAD_CHECKSUM'
  | 'TRACE_BAD_RECORD'
  | 'TRACE_RECORD_TOO_LARGE';

/** A malformed trace (or a record too large to encode), naming the byte offset of the bad record. */
export class TraceFormatError extends Error {
  override readonly name = 'TraceFormatError';
  constructor(
    readonly code: TraceFormatErrorCode,
    /** The offset of the bad record or header; undefined when encoding. */
    readonly offsetBytes: number | undefined,
    detail: string,
  ) {
    super(`trace: ${detail}${offsetBytes === undefined ? '' : ` at byte offset ${offsetBytes}`} (${code})`);
  }
}

/** The 12 header bytes every trace file starts with. */
export function encodeTraceFileHeader(): Uint8Array {
  const header = Buffer.alloc(TRACE_FILE_HEADER_BYTES);
  header.set(TRACE_MAGIC, 0);
  header.writeUInt16LE(TRACE_VERSION, 8);
  header.writeUInt16LE(0, 10);
  return header;
}
