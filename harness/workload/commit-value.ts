/**
 * Self-describing values. Every value a workload writes embeds the transaction
 * and key that wrote it, so a value recovered after a crash names its writer,
 * and a torn, garbled or resurrected value is recognisable at a glance:
 *
 * ```
 *   t17:k3|defghijklmnopq...
 *   ^^^ ^^ ^ filler: letters cycling from (tx + key length) mod 26, up to the size
 *   |   |  '|' ends the header
 *   |   key
 *   transaction id
 * ```
 *
 * Values are ASCII, so their size in bytes equals their length.
 */

const FILLER_ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
const HEADER_PATTERN = /^t(\d+):([^|]*)\|/;

/** The writer a self-describing value names. */
export interface ValueWriter {
  readonly tx: number;
  readonly key: string;
}

/** The header of the value `tx` writes to `key`; the shortest value it can write. */
export function commitValueHeader(tx: number, key: string): string {
  return `t${tx}:${key}|`;
}

/** The value `tx` writes to `key`: its header, then filler up to `sizeBytes` (never shorter than the header). */
export function makeCommitValue(tx: number, key: string, sizeBytes: number): string {
  const header = commitValueHeader(tx, key);
  const fillerLength = Math.max(0, sizeBytes - header.length);
  if (fillerLength === 0) return header;
  const start = (tx + key.length) % FILLER_ALPHABET.length;
  // Building the filler from a repeated rotated alphabet keeps a 64 KiB value cheap to make.
  const rotated = FILLER_ALPHABET.slice(start) + FILLER_ALPHABET.slice(0, start);
  const filler = rotated.repeat(Math.ceil(fillerLength / rotated.length)).slice(0, fillerLength);
  return header + filler;
}

/** The writer a value names, or undefined when it has no valid header. */
export function parseCommitValue(value: string): ValueWriter | undefined {
  const match = HEADER_PATTERN.exec(value);
  if (match === null) return undefined;
  return { tx: Number(match[1]), key: match[2] ?? '' };
}

/** True when `value` is exactly what its named writer would have written (same size). */
export function isIntactCommitValue(value: string): boolean {
  const writer = parseCommitValue(value);
  return writer !== undefined && makeCommitValue(writer.tx, writer.key, value.length) === value;
}
