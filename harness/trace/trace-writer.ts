/**
 * Appends records to a trace file (format: `trace-format.ts`).
 *
 * Each record goes to the file with ONE write(2) or writev(2) before `append`
 * returns, with no user-space buffer: the record is then in the kernel's page
 * cache, which survives the SIGKILL that may follow the traced operation. The
 * writer does not fsync: a trace only has to survive the process, not the
 * machine.
 *
 * Opening an existing trace resumes it: a torn final record left by a killed
 * predecessor is cut off first (appending after it would turn it into
 * corruption in the middle), and a malformed trace is refused.
 */
import * as fs from 'node:fs';
import { assert } from '../../engine/invariants.js';
import type { TraceRecord } from './trace-record.js';
import type { TraceSink } from './trace-sink.js';
import { encodeTraceFileHeader } from './trace-format.js';
import { encodeTraceRecord } from './trace-record-encoder.js';
import { readTraceBytes } from './trace-reader.js';

/** An open trace file. */
export interface TraceWriter extends TraceSink {
  /** Appends one record; it is in the page cache when this returns. */
  append(record: TraceRecord): void;
  /** Closes the file (without fsync); appending afterwards is a bug. */
  close(): void;
  /** Records appended through this writer (not counting those already in a resumed file). */
  readonly recordCount: number;
}

/** Opens (creating, or resuming) the trace file at `path`. */
export function openTraceWriter(path: string): TraceWriter {
  const fileDescriptor = fs.openSync(path, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_APPEND, 0o644);
  try {
    prepareForAppend(fileDescriptor);
  } catch (error) {
    fs.closeSync(fileDescriptor);
    throw error;
  }
  let recordCount = 0;
  let isOpen = true;
  return {
    append(record: TraceRecord): void {
      assert(isOpen, 'trace writer used after close');
      writeChunks(fileDescriptor, encodeTraceRecord(record));
      recordCount += 1;
    },
    close(): void {
      if (!isOpen) return;
      isOpen = false;
      fs.closeSync(fileDescriptor);
    },
    get recordCount(): number {
      return recordCount;
    },
  };
}

/** Writes the header into an empty file, or checks an existing trace and cuts its torn tail. */
function prepareForAppend(fileDescriptor: number): void {
  const sizeBytes = fs.fstatSync(fileDescriptor).size;
  if (sizeBytes > 0) {
    const existing = Buffer.allocUnsafe(sizeBytes);
    let readBytes = 0;
    while (readBytes < sizeBytes) {
      const count = fs.readSync(fileDescriptor, existing, readBytes, sizeBytes - readBytes, readBytes);
      if (count === 0) break;
      readBytes += count;
    }
    const { validLengthBytes } = readTraceBytes(existing.subarray(0, readBytes));
    if (validLengthBytes > 0) {
      if (validLengthBytes < sizeBytes) fs.ftruncateSync(fileDescriptor, validLengthBytes);
      return;
    }
    // Only a torn header was there: start over.
    fs.ftruncateSync(fileDescriptor, 0);
  }
  writeChunks(fileDescriptor, [encodeTraceFileHeader()]);
}

/** Writes chunks back to back with as few system calls as the kernel allows (one, normally). */
function writeChunks(fileDescriptor: number, chunks: readonly Uint8Array[]): void {
  if (chunks.length === 1) {
    const chunk = chunks[0] as Uint8Array;
    let writtenBytes = fs.writeSync(fileDescriptor, chunk);
    while (writtenBytes < chunk.length) writtenBytes += fs.writeSync(fileDescriptor, chunk, writtenBytes);
    return;
  }
  const totalBytes = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const writtenBytes = fs.writevSync(fileDescriptor, chunks as Uint8Array[]);
  if (writtenBytes < totalBytes) writeChunks(fileDescriptor, [Buffer.concat(chunks).subarray(writtenBytes)]);
}
