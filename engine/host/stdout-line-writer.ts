/**
 * Writes protocol lines to file descriptor 1 synchronously. An ack must be in
 * the pipe before anything else happens in the process (the next fsync, a
 * crash point the shim triggers), so that what the trace says was acknowledged
 * is exactly what the client could have read: an asynchronous stream write
 * would leave acks sitting in a user-space buffer when the process is killed.
 */
import { writeSync } from 'node:fs';
import { Buffer } from 'node:buffer';

/** How long one line may wait for a full pipe to drain before the client is considered gone. */
const PIPE_FULL_WAIT_MS_MAX = 30_000;
const PIPE_FULL_RETRY_DELAY_MS = 1;
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Options of `createFileDescriptorLineWriter`. */
export interface LineWriterOptions {
  /** Called after each line is written, e.g. to record it in a trace. */
  readonly recordOutput?: (line: string) => void;
  /** @defaultValue 1 (stdout) */
  readonly fileDescriptor?: number;
}

/** Returns a function that writes one line plus newline, completely, before returning. */
export function createFileDescriptorLineWriter(options: LineWriterOptions = {}): (line: string) => void {
  const fileDescriptor = options.fileDescriptor ?? 1;
  const recordOutput = options.recordOutput;
  return (line: string): void => {
    writeLineFully(fileDescriptor, `${line}\n`);
    recordOutput?.(line);
  };
}

/**
 * Writes `text` in one write(2) of the string itself (one per ack on the host's
 * hot path: no Buffer to allocate and fill first); only a partial write or a
 * full pipe falls back to writing the rest as bytes.
 */
function writeLineFully(fileDescriptor: number, text: string): void {
  let writtenBytes: number;
  try {
    writtenBytes = writeSync(fileDescriptor, text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    writtenBytes = 0;
  }
  // Compared in bytes: a partial write of a line with multi-byte characters may return its character count.
  if (writtenBytes === Buffer.byteLength(text, 'utf8')) return;
  writeFully(fileDescriptor, Buffer.from(text, 'utf8'), writtenBytes);
}

function writeFully(fileDescriptor: number, bytes: Uint8Array, writtenBytes: number): void {
  let offsetBytes = writtenBytes;
  let waitedMs = 0;
  while (offsetBytes < bytes.length) {
    try {
      offsetBytes += writeSync(fileDescriptor, bytes, offsetBytes, bytes.length - offsetBytes);
    } catch (error) {
      // A pipe in non-blocking mode reports EAGAIN when full: wait for the reader, within a bound.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN' || waitedMs >= PIPE_FULL_WAIT_MS_MAX) throw error;
      Atomics.wait(sleepCell, 0, 0, PIPE_FULL_RETRY_DELAY_MS);
      waitedMs += PIPE_FULL_RETRY_DELAY_MS;
    }
  }
}
