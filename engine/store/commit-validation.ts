/**
 * Validates commit input against ENGINE_LIMITS before it is queued, so a bad
 * request is refused with BAD_REQUEST naming the field (`writes[3][0] (the
 * key)`, the wording of the protocol's parser) and never reaches the log. Keys
 * and values must also round-trip through UTF-8 (`text-round-trip.ts`).
 */
import type { Write } from '../engine-types.js';
import { ENGINE_LIMITS, EngineError } from '../engine-types.js';
import { roundTripProblem } from './text-round-trip.js';

/** Returns a BAD_REQUEST error for bad input, or undefined when it is acceptable. */
export function validateCommit(tx: unknown, writes: unknown): EngineError | undefined {
  if (typeof tx !== 'number' || !Number.isSafeInteger(tx) || tx < 0) {
    return badRequest(`tx must be a non-negative safe integer, got ${String(tx)}`);
  }
  if (!Array.isArray(writes)) return badRequest('writes must be an array of [key, value] pairs');
  if (writes.length > ENGINE_LIMITS.writesPerCommitMax) {
    return badRequest(`a commit holds at most ${ENGINE_LIMITS.writesPerCommitMax} writes, got ${writes.length}`);
  }
  for (let index = 0; index < writes.length; index += 1) {
    const problem = writeProblem(writes[index] as unknown, `writes[${index}]`);
    if (problem !== undefined) return badRequest(problem);
  }
  return undefined;
}

/** What is wrong with one `[key, value]` pair, or undefined. */
function writeProblem(write: unknown, where: string): string | undefined {
  if (!Array.isArray(write) || write.length !== 2) return `${where} must be a [key, value] pair`;
  const [key, value] = write as [unknown, unknown];
  const keyField = `${where}[0] (the key)`;
  if (typeof key !== 'string') return `${keyField} must be a string`;
  const keyProblem = roundTripProblem(key);
  if (keyProblem !== undefined) return `${keyField} ${keyProblem}`;
  // Most keys are short; only measure bytes when the character count allows a breach (a UTF-16 unit is at most 3 UTF-8 bytes).
  const keyBytes = key.length * 3 <= ENGINE_LIMITS.keySizeBytesMax ? 0 : Buffer.byteLength(key, 'utf8');
  if (keyBytes > ENGINE_LIMITS.keySizeBytesMax) return `${keyField} has ${keyBytes} bytes, more than ${ENGINE_LIMITS.keySizeBytesMax}`;
  if (value === null) return undefined;
  const valueField = `${where}[1] (the value)`;
  if (typeof value !== 'string') return `${valueField} must be a string, or null to delete`;
  const valueProblem = roundTripProblem(value);
  if (valueProblem !== undefined) return `${valueField} ${valueProblem}`;
  // Most values are short; only measure bytes when the character count allows a breach.
  if (value.length * 3 > ENGINE_LIMITS.valueSizeBytesMax && Buffer.byteLength(value, 'utf8') > ENGINE_LIMITS.valueSizeBytesMax) {
    return `${valueField} has more than ${ENGINE_LIMITS.valueSizeBytesMax} bytes`;
  }
  return undefined;
}

/** Checks the encoded size of a validated commit. */
export function validateCommitSize(payloadBytes: number): EngineError | undefined {
  return payloadBytes > ENGINE_LIMITS.commitSizeBytesMax
    ? badRequest(`the commit encodes to ${payloadBytes} bytes, more than ${ENGINE_LIMITS.commitSizeBytesMax}`)
    : undefined;
}

/** Narrows validated input. */
export function asWrites(writes: unknown): readonly Write[] {
  return writes as readonly Write[];
}

function badRequest(message: string): EngineError {
  return new EngineError('BAD_REQUEST', message);
}
