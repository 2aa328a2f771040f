/**
 * Decodes one record of the wire format documented in `trace-format.ts`.
 * Decoded write data are views into the input bytes (no copy): a trace of
 * megabytes of preallocation is read without doubling its memory.
 */
import { crc32 } from 'node:zlib';
import type { SyncKind, WriteSyncMode } from '../../engine/fs/file-system.js';
import { assertNever } from '../../engine/invariants.js';
import type { TraceRecord, TraceRecordKind } from './trace-record.js';
import {
  MAX_RECORD_BODY_BYTES,
  MAX_STRING_BYTES,
  RECORD_KIND_CODES,
  RECORD_PREFIX_BYTES,
  SYNC_KIND_CODES,
  SYNC_MODE_CODES,
  TraceFormatError,
} from './trace-format.js';

/** One decoded record and where the next begins, or the torn tail that ends the trace. */
export type DecodedRecord =
  | { readonly kind: 'record'; readonly record: TraceRecord; readonly nextOffsetBytes: number }
  | { readonly kind: 'torn-tail'; readonly tornTailBytes: number };

const KIND_BY_CODE: ReadonlyMap<number, TraceRecordKind> = new Map(
  Object.entries(RECORD_KIND_CODES).map(([kind, code]) => [code, kind as TraceRecordKind]),
);
const SYNC_MODE_BY_CODE: ReadonlyMap<number, WriteSyncMode> = new Map(
  Object.entries(SYNC_MODE_CODES).map(([mode, code]) => [code, mode as WriteSyncMode]),
);
const SYNC_KIND_BY_CODE: ReadonlyMap<number, SyncKind> = new Map(
  Object.entries(SYNC_KIND_CODES).map(([kind, code]) => [code, kind as SyncKind]),
);
const UTF8 = new TextDecoder('utf-8', { fatal: true });
const TWO_POW_32 = 0x1_0000_0000;
/** The largest high word of a u64 below 2^53. */
const MAX_SAFE_HIGH_WORD = 0x1f_ffff;

/** Decodes the record starting at `offsetBytes` (which must be below `bytes.length`). */
export function decodeTraceRecordAt(bytes: Uint8Array, offsetBytes: number): DecodedRecord {
  const remainingBytes = bytes.length - offsetBytes;
  if (remainingBytes < RECORD_PREFIX_BYTES) return { kind: 'torn-tail', tornTailBytes: remainingBytes };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bodyBytes = view.getUint32(offsetBytes, true);
  if (bodyBytes < 1 || bodyBytes > MAX_RECORD_BODY_BYTES) {
    throw new TraceFormatError('TRACE_BAD_RECORD', offsetBytes, `record length ${bodyBytes} is outside 1..${MAX_RECORD_BODY_BYTES}`);
  }
  if (remainingBytes < RECORD_PREFIX_BYTES + bodyBytes) return { kind: 'torn-tail', tornTailBytes: remainingBytes };
  const bodyStart = offsetBytes + RECORD_PREFIX_BYTES;
  const bodyEnd = bodyStart + bodyBytes;
  const storedChecksum = view.getUint32(offsetBytes + 4, true);
  const actualChecksum = crc32(bytes.subarray(bodyStart, bodyEnd), crc32(bytes.subarray(offsetBytes, offsetBytes + 4))) >>> 0;
  if (storedChecksum !== actualChecksum) {
    throw new TraceFormatError('TRACE_BAD_CHECKSUM', offsetBytes, `checksum ${hex(storedChecksum)} does not match ${hex(actualChecksum)}`);
  }
  const cursor = new FieldCursor(bytes, view, bodyStart, bodyEnd, offsetBytes);
  const record = decodeBody(cursor, cursor.u8());
  cursor.expectEnd();
  return { kind: 'record', record, nextOffsetBytes: bodyEnd };
}

function decodeBody(cursor: FieldCursor, kindCode: number): TraceRecord {
  const kind = KIND_BY_CODE.get(kindCode);
  if (kind === undefined) throw cursor.error(`unknown record kind ${kindCode}`);
  switch (kind) {
    case 'mkdir':
    case 'sync-directory':
    case 'remove':
      return { kind, path: cursor.string() };
    case 'create':
      return { kind, fileId: cursor.u32(), path: cursor.string() };
    case 'open':
      return { kind, fileId: cursor.u32(), syncMode: cursor.syncMode(), path: cursor.string() };
    case 'write': {
      const fileId = cursor.u32();
      const syncMode = cursor.syncMode();
      const offsetBytes = cursor.u64();
      return { kind, fileId, offsetBytes, data: cursor.bytes(), syncMode };
    }
    case 'truncate':
      return { kind, fileId: cursor.u32(), sizeBytes: cursor.u64() };
    case 'sync':
      return { kind, fileId: cursor.u32(), syncKind: cursor.syncKind() };
    case 'rename':
      return { kind, sourcePath: cursor.string(), targetPath: cursor.string() };
    case 'output':
      return { kind, line: cursor.string() };
    case 'fault':
      return { kind, fault: cursor.string(), operation: cursor.string(), path: cursor.string() };
    default:
      return assertNever(kind, 'record kind');
  }
}

/** Reads the fields of one record body, failing with the record's offset when they do not fit. */
class FieldCursor {
  private position: number;

  constructor(
    private readonly source: Uint8Array,
    private readonly view: DataView,
    bodyStart: number,
    private readonly bodyEnd: number,
    private readonly recordOffsetBytes: number,
  ) {
    this.position = bodyStart;
  }

  error(detail: string): TraceFormatError {
    return new TraceFormatError('TRACE_BAD_RECORD', this.recordOffsetBytes, detail);
  }

  u8(): number {
    this.need(1);
    const value = this.view.getUint8(this.position);
    this.position += 1;
    return value;
  }

  u32(): number {
    this.need(4);
    const value = this.view.getUint32(this.position, true);
    this.position += 4;
    return value;
  }

  u64(): number {
    const low = this.u32();
    const high = this.u32();
    if (high > MAX_SAFE_HIGH_WORD) throw this.error('a u64 field is not below 2^53');
    return high * TWO_POW_32 + low;
  }

  bytes(): Uint8Array {
    const lengthBytes = this.u32();
    this.need(lengthBytes);
    // A plain Uint8Array view, even when the source is a Buffer: records hold no Node-specific types.
    const value = new Uint8Array(this.source.buffer, this.source.byteOffset + this.position, lengthBytes);
    this.position += lengthBytes;
    return value;
  }

  string(): string {
    const encoded = this.bytes();
    if (encoded.length > MAX_STRING_BYTES) throw this.error(`a string of ${encoded.length} bytes exceeds the field limit`);
    try {
      return UTF8.decode(encoded);
    } catch {
      throw this.error('a string field is not valid UTF-8');
    }
  }

  syncMode(): WriteSyncMode {
    const code = this.u8();
    const mode = SYNC_MODE_BY_CODE.get(code);
    if (mode === undefined) throw this.error(`unknown syncMode ${code}`);
    return mode;
  }

  syncKind(): SyncKind {
    const code = this.u8();
    const kind = SYNC_KIND_BY_CODE.get(code);
    if (kind === undefined) throw this.error(`unknown syncKind ${code}`);
    return kind;
  }

  expectEnd(): void {
    if (this.position !== this.bodyEnd) throw this.error(`${this.bodyEnd - this.position} bytes left over after the fields`);
  }

  private need(lengthBytes: number): void {
    if (this.position + lengthBytes > this.bodyEnd) throw this.error('the fields run past the record length');
  }
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
