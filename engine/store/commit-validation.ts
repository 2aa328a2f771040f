/**
 * Validates commit input against ENGINE_LIMITS before it is queued, so a bad
 * request is refused with INVALID_ARGUMENT naming the problem and never reaches
 * the log. Keys and values must be well-formed UTF-16: a lone surrogate has no
 * UTF-8 encoding, would be stored as U+FFFD and come back as another string
 * (two keys merged into one), so it is refused at the door instead.
 */
import type { Write } from '../engine-types.js';
import { ENGINE_LIMITS, EngineError } from '../engine-types.js';

/** Returns an INVALID_ARGUMENT error for bad input, or undefined when it is acceptable. */
export function validateCommit(tx: unknown, writes: unknown): EngineError | undefined {
  if (typeof tx !== 'number' || !Number.isSafeInteger(tx) || tx < 0) {
    return invalid(`tx must be a non-negative safe integer, got ${String(tx)}`);
  }
  if (!Array.isArray(writes)) return invalid('writes must be an array of [key, value] pairs');
  if (writes.length > ENGINE_LIMITS.writesPerCommitMax) {
    return invalid(`a commit holds at most ${ENGINE_LIMITS.writesPerCommitMax} writes, got ${writes.length}`);
  }
  for (const [index, write] of (writes as readonly unknown[]).entries()) {
    if (!Array.isArray(write) || write.length !== 2) return invalid(`writes[${index}] must be a [key, value] pair`);
    const [key, value] = write as [unknown, unknown];
    if (typeof key !== 'string') return invalid(`writes[${index}] key must be a string`);
    const keyProblem = roundTripProblem(key);
    if (keyProblem !== undefined) return invalid(`writes[${index}] key ${keyProblem}`);
    const keyBytes = Buffer.byteLength(key, 'utf8');
    if (keyBytes > ENGINE_LIMITS.keySizeBytesMax) {
      return invalid(`writes[${index}] key has ${keyBytes} bytes, more than ${ENGINE_LIMITS.keySizeBytesMax}`);
    }
    if (value !== null && typeof value !== 'string') return invalid(`writes[${index}] value must be a string or null`);
    const valueProblem = value === null ? undefined : roundTripProblem(value);
    if (valueProblem !== undefined) return invalid(`writes[${index}] value ${valueProblem}`);
    if (value !== null && Buffer.byteLength(value, 'utf8') > ENGINE_LIMITS.valueSizeBytesMax) {
      return invalid(`writes[${index}] value has more than ${ENGINE_LIMITS.valueSizeBytesMax} bytes`);
    }
  }
  return undefined;
}

/** Checks the encoded size of a validated commit. */
export function validateCommitSize(payloadBytes: number): EngineError | undefined {
  return payloadBytes > ENGINE_LIMITS.commitSizeBytesMax
    ? invalid(`the commit encodes to ${payloadBytes} bytes, more than ${ENGINE_LIMITS.commitSizeBytesMax}`)
    : undefined;
}

/** Narrows validated input. */
export function asWrites(writes: unknown): readonly Write[] {
  return writes as readonly Write[];
}

/** Matches a surrogate code unit that is not half of a pair (the `u` flag reads pairs as one code point). */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Why `text` cannot round-trip through UTF-8, or undefined when it can. */
function roundTripProblem(text: string): string | undefined {
  const match = LONE_SURROGATE.exec(text);
  if (match === null) return undefined;
  const codeUnit = text.charCodeAt(match.index).toString(16).toUpperCase();
  return `is not well-formed UTF-16: lone surrogate U+${codeUnit} at index ${match.index} cannot be stored as UTF-8`;
}

function invalid(message: string): EngineError {
  return new EngineError('INVALID_ARGUMENT', message);
}
