/**
 * Reads a whole trace (format: `trace-format.ts`). A torn final record is
 * dropped and counted; any other malformation throws a `TraceFormatError`
 * naming the byte offset.
 */
import * as fs from 'node:fs';
import type { TraceRecord } from './trace-record.js';
import { decodeTraceRecordAt } from './trace-record-decoder.js';
import { TRACE_FILE_HEADER_BYTES, TRACE_MAGIC, TRACE_VERSION, TraceFormatError, encodeTraceFileHeader } from './trace-format.js';

/** A decoded trace. Write data are views into the bytes read. */
export interface TraceContents {
  readonly records: TraceRecord[];
  /** Bytes of a torn final record (or header) that were dropped; 0 for a cleanly ended trace. */
  readonly tornTailBytes: number;
  /** Bytes up to the end of the last whole record: where a writer resumes appending. */
  readonly validLengthBytes: number;
}

/** The largest trace file read into memory at once. */
export const MAX_TRACE_FILE_BYTES = 2 ** 31 - 1;

/** Reads and decodes the trace file at `path`. */
export function readTrace(path: string): TraceContents {
  const sizeBytes = fs.statSync(path).size;
  if (sizeBytes > MAX_TRACE_FILE_BYTES) {
    throw new TraceFormatError('TRACE_RECORD_TOO_LARGE', 0, `the trace is ${sizeBytes} bytes, over the ${MAX_TRACE_FILE_BYTES}-byte read limit`);
  }
  return readTraceBytes(fs.readFileSync(path));
}

/** Decodes a trace held in memory. */
export function readTraceBytes(bytes: Uint8Array): TraceContents {
  if (bytes.length < TRACE_FILE_HEADER_BYTES) {
    const expectedHeader = encodeTraceFileHeader();
    const isHeaderPrefix = bytes.every((byte, index) => byte === expectedHeader[index]);
    if (!isHeaderPrefix) throw new TraceFormatError('TRACE_BAD_HEADER', 0, 'a short file that is not the start of a trace header');
    return { records: [], tornTailBytes: bytes.length, validLengthBytes: 0 };
  }
  checkHeader(bytes);
  const records: TraceRecord[] = [];
  let offsetBytes = TRACE_FILE_HEADER_BYTES;
  while (offsetBytes < bytes.length) {
    const decoded = decodeTraceRecordAt(bytes, offsetBytes);
    if (decoded.kind === 'torn-tail') return { records, tornTailBytes: decoded.tornTailBytes, validLengthBytes: offsetBytes };
    records.push(decoded.record);
    offsetBytes = decoded.nextOffsetBytes;
  }
  return { records, tornTailBytes: 0, validLengthBytes: offsetBytes };
}

function checkHeader(bytes: Uint8Array): void {
  for (let index = 0; index < TRACE_MAGIC.length; index += 1) {
    if (bytes[index] !== TRACE_MAGIC[index]) throw new TraceFormatError('TRACE_BAD_HEADER', 0, 'the file does not start with the trace magic "UNPLUGTR"');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(8, true);
  if (version !== TRACE_VERSION) throw new TraceFormatError('TRACE_BAD_VERSION', 8, `trace version ${version} is not the supported version ${TRACE_VERSION}`);
  const reserved = view.getUint16(10, true);
  if (reserved !== 0) throw new TraceFormatError('TRACE_BAD_HEADER', 10, `the reserved header field is ${reserved}, not 0`);
}
