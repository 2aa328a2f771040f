/**
 * Splits a byte stream into lines, with a bound on line size. Input arrives in
 * chunks that cut lines anywhere (even inside a UTF-8 sequence), so partial
 * lines are kept as bytes and decoded only once complete. A line longer than
 * the limit is reported once, as soon as it crosses the limit, and its bytes
 * are dropped up to its newline: memory stays bounded whatever the client sends.
 */
import { assert } from '../invariants.js';

/** One item produced by the splitter. */
export type LineEvent =
  /** A complete line, without its newline (a trailing carriage return is removed too). */
  | { readonly kind: 'line'; readonly text: string }
  /** A line that is not valid UTF-8; its bytes are dropped. */
  | { readonly kind: 'invalid-utf8'; readonly sizeBytes: number }
  /** A line over the limit; reported once, when the limit was crossed, and skipped to its newline. */
  | { readonly kind: 'too-long'; readonly limitBytes: number };

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** A bounded, chunk-tolerant line splitter. */
export class LineSplitter {
  readonly #lineSizeBytesMax: number;
  readonly #decoder = new TextDecoder('utf-8', { fatal: true });
  /** Bytes of the current, incomplete line. */
  #pending: Uint8Array[] = [];
  #pendingSizeBytes = 0;
  /** True while skipping the rest of a line that was too long. */
  #skipping = false;

  constructor(lineSizeBytesMax: number) {
    assert(Number.isSafeInteger(lineSizeBytesMax) && lineSizeBytesMax > 0, `line size limit must be a positive integer, got ${lineSizeBytesMax}`);
    this.#lineSizeBytesMax = lineSizeBytesMax;
  }

  /** Consumes a chunk; returns the events it completed, in order. */
  push(chunk: Uint8Array): readonly LineEvent[] {
    const events: LineEvent[] = [];
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline === -1) {
        this.#take(chunk.subarray(start), events);
        break;
      }
      if (this.#pendingSizeBytes === 0 && !this.#skipping) {
        // The whole line is in this chunk (the common case): decode it in place, without copying it first.
        this.#emitLine(chunk.subarray(start, newline), events);
      } else {
        this.#take(chunk.subarray(start, newline), events);
        this.#finishLine(events);
      }
      start = newline + 1;
    }
    return events;
  }

  /** Ends the stream: a final line without a newline is still a line. */
  end(): readonly LineEvent[] {
    const events: LineEvent[] = [];
    if (this.#pendingSizeBytes > 0 || this.#skipping) this.#finishLine(events);
    return events;
  }

  #take(bytes: Uint8Array, events: LineEvent[]): void {
    if (this.#skipping || bytes.length === 0) return;
    // One byte of slack for a carriage return that `#finishLine` will strip.
    if (this.#pendingSizeBytes + bytes.length > this.#lineSizeBytesMax + 1) {
      events.push({ kind: 'too-long', limitBytes: this.#lineSizeBytesMax });
      this.#pending = [];
      this.#pendingSizeBytes = 0;
      this.#skipping = true;
      return;
    }
    // Copy: the stream may reuse the chunk's memory after we return.
    this.#pending.push(bytes.slice());
    this.#pendingSizeBytes += bytes.length;
  }

  #finishLine(events: LineEvent[]): void {
    if (this.#skipping) {
      this.#skipping = false;
      return;
    }
    const bytes = this.#pending.length === 1 ? this.#pending[0]! : concatenate(this.#pending, this.#pendingSizeBytes);
    this.#pending = [];
    this.#pendingSizeBytes = 0;
    this.#emitLine(bytes, events);
  }

  /** Emits one complete line's event: its text, or why it has none. */
  #emitLine(lineBytes: Uint8Array, events: LineEvent[]): void {
    const bytes = lineBytes.length > 0 && lineBytes[lineBytes.length - 1] === CARRIAGE_RETURN ? lineBytes.subarray(0, lineBytes.length - 1) : lineBytes;
    if (bytes.length > this.#lineSizeBytesMax) {
      events.push({ kind: 'too-long', limitBytes: this.#lineSizeBytesMax });
      return;
    }
    try {
      events.push({ kind: 'line', text: this.#decoder.decode(bytes) });
    } catch {
      events.push({ kind: 'invalid-utf8', sizeBytes: bytes.length });
    }
  }
}

function concatenate(parts: readonly Uint8Array[], sizeBytes: number): Uint8Array {
  const joined = new Uint8Array(sizeBytes);
  let offsetBytes = 0;
  for (const part of parts) {
    joined.set(part, offsetBytes);
    offsetBytes += part.length;
  }
  return joined;
}
