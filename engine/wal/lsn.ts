/**
 * Log sequence numbers. An LSN is a byte position in the endless WAL stream, as
 * in PostgreSQL: the segment that holds it and the offset inside that segment
 * follow from the position alone. It is kept in a JavaScript number, which is
 * exact up to 2^53 bytes (8 PiB of WAL), far beyond any run of this engine.
 * It is printed as PostgreSQL prints it: `X/Y`, the high and low 32 bits in
 * upper-case hexadecimal without leading zeros.
 */
import { assert } from '../invariants.js';

/** A byte position in the WAL stream. */
export type Lsn = number;

/** The largest LSN the engine uses (exact in a double). */
export const LSN_MAX: Lsn = Number.MAX_SAFE_INTEGER;

/** The "no record" LSN, used as the previous-record link of the first record. */
export const LSN_NONE: Lsn = 0;

const TWO_POW_32 = 0x1_0000_0000;

/** Prints an LSN as `X/Y` hex (high/low 32 bits). */
export function formatLsn(lsn: Lsn): string {
  // Checked before building the message: this runs once per acknowledged commit.
  if (!Number.isSafeInteger(lsn) || lsn < 0) assert(false, `LSN out of range: ${lsn}`);
  // The first 4 GiB of WAL (every bench and test run) print with a high part of 0.
  if (lsn < TWO_POW_32) return `0/${lsn.toString(16).toUpperCase()}`;
  const high = Math.floor(lsn / TWO_POW_32);
  const low = lsn % TWO_POW_32;
  return `${high.toString(16).toUpperCase()}/${low.toString(16).toUpperCase()}`;
}

/** Parses `X/Y` hex; returns undefined when the text is not an LSN. */
export function parseLsn(text: string): Lsn | undefined {
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text);
  if (match === null) return undefined;
  const lsn = Number.parseInt(match[1] ?? '', 16) * TWO_POW_32 + Number.parseInt(match[2] ?? '', 16);
  return Number.isSafeInteger(lsn) ? lsn : undefined;
}

/** Rounds a position up to the next multiple of `alignmentBytes` (a power of two). */
export function alignUp(position: number, alignmentBytes: number): number {
  return Math.ceil(position / alignmentBytes) * alignmentBytes;
}
