/**
 * The one codec of the 64-bit little-endian integer fields of the engine's
 * on-disk formats (WAL record, segment header, control file). Values are
 * JavaScript numbers, so a field is valid only up to 2^53 - 1; a larger one
 * reads as undefined, which each decoder reports as damage.
 */
import { assert } from '../invariants.js';

const TWO_POW_32 = 0x1_0000_0000;
/** The largest high word of a safe integer (2^53 - 1 >> 32). */
const HIGH_WORD_MAX = 0x1f_ffff;

/** Writes `value` (a non-negative safe integer) as 8 little-endian bytes at `offsetBytes`. */
export function writeUint64(target: Buffer, offsetBytes: number, value: number): void {
  // Checked before building the message: formatting a number four times per record is measurable.
  if (!Number.isSafeInteger(value) || value < 0) assert(false, `64-bit field out of range: ${value}`);
  target.writeUInt32LE(value % TWO_POW_32, offsetBytes);
  target.writeUInt32LE(Math.floor(value / TWO_POW_32), offsetBytes + 4);
}

/** Reads 8 little-endian bytes at `offsetBytes`; undefined when the value is not a safe integer. */
export function readUint64(source: Buffer, offsetBytes: number): number | undefined {
  const high = source.readUInt32LE(offsetBytes + 4);
  if (high > HIGH_WORD_MAX) return undefined;
  return high * TWO_POW_32 + source.readUInt32LE(offsetBytes);
}
