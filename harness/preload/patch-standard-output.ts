/**
 * Records what the program writes to stdout, line by line, as 'output' records
 * (protocol lines such as acks), so the trace knows what had been acknowledged
 * at every point. A line is recorded after its bytes were handed to the
 * kernel: on Linux, writes to stdout are synchronous for files, pipes and
 * terminals, so that is when `write` returns.
 */
import { StringDecoder } from 'node:string_decoder';
import type { PreloadSession } from './preload-session.js';

/**
 * The longest line recorded, in UTF-16 code units (at most 12 MiB of UTF-8,
 * under the trace's 16 MiB string limit). A longer line is recorded cut at this
 * length; acks are short, and only huge dump replies come near it.
 */
export const MAX_OUTPUT_LINE_CHARACTERS = 4 * 1024 * 1024;

/** Splits a byte or string stream into lines (without the newline), holding a partial last line. */
export class OutputLineSplitter {
  private pending = '';
  private readonly decoder = new StringDecoder('utf8');

  /** Adds a chunk; returns the lines it completed. */
  push(chunk: unknown, encoding?: unknown): string[] {
    let text: string;
    if (typeof chunk === 'string') text = typeof encoding === 'string' && encoding !== 'utf8' && encoding !== 'utf-8' ? Buffer.from(chunk, encoding as BufferEncoding).toString('utf8') : chunk;
    else if (chunk instanceof Uint8Array) text = this.decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    else return [];
    const parts = (this.pending + text).split('\n');
    this.pending = (parts.pop() ?? '').slice(0, MAX_OUTPUT_LINE_CHARACTERS);
    return parts.map((line) => line.slice(0, MAX_OUTPUT_LINE_CHARACTERS));
  }

  /** The partial last line, if any (at exit). */
  flush(): string | undefined {
    const rest = this.pending + this.decoder.end();
    this.pending = '';
    return rest.length > 0 ? rest.slice(0, MAX_OUTPUT_LINE_CHARACTERS) : undefined;
  }
}

/** Patches `process.stdout.write` to record each completed line. */
export function patchStandardOutput(session: PreloadSession): void {
  const stdout = process.stdout;
  const write = stdout.write;
  const splitter = new OutputLineSplitter();
  stdout.write = function patchedWrite(this: typeof stdout, ...args: unknown[]): boolean {
    const result = Reflect.apply(write, this, args) as boolean;
    for (const line of splitter.push(args[0], typeof args[1] === 'string' ? args[1] : undefined)) session.recordOutput(line);
    return result;
  } as typeof stdout.write;
  process.on('exit', () => {
    const line = splitter.flush();
    if (line !== undefined) session.recordOutput(line);
  });
}
