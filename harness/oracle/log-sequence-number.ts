/**
 * Log sequence numbers as engines print them: PostgreSQL's `X/Y`, two hex
 * numbers (the high and low 32 bits of a 64-bit log position). The oracle only
 * needs to order them; an engine that prints something else gets no LSN order,
 * which makes the prefix check weaker, never wrong.
 */

const LSN_PATTERN = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;

/** The 64-bit position of an `X/Y` LSN, or undefined when it is not one. */
export function parseLogSequenceNumber(lsn: string): bigint | undefined {
  const match = LSN_PATTERN.exec(lsn);
  if (match === null) return undefined;
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/** Negative, zero or positive as `left` is before, at or after `right`; undefined when either is not an LSN. */
export function compareLogSequenceNumbers(left: string, right: string): number | undefined {
  const leftPosition = parseLogSequenceNumber(left);
  const rightPosition = parseLogSequenceNumber(right);
  if (leftPosition === undefined || rightPosition === undefined) return undefined;
  return leftPosition < rightPosition ? -1 : leftPosition > rightPosition ? 1 : 0;
}
