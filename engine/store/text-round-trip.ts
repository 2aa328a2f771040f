/**
 * Whether a key or value survives the trip through the log. Keys and values
 * are stored as UTF-8; a string that is not well-formed UTF-16 (a lone
 * surrogate, which a JSON escape such as "\ud800" produces) has no UTF-8
 * encoding, would be stored as U+FFFD and come back as another string (two
 * keys merged into one). The library API and the protocol parser both refuse
 * such a string at the door with this one message.
 */

/** Matches a surrogate code unit that is not half of a pair (the `u` flag reads pairs as one code point). */
const LONE_SURROGATE = /\p{Surrogate}/u;

/** `String.prototype.isWellFormed` (Node 20; not yet in the ES2023 library types). */
function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}

/** Why `text` cannot round-trip through UTF-8 (a phrase to follow the field's name), or undefined when it can. */
export function roundTripProblem(text: string): string | undefined {
  // The native check first (about three times faster than the expression): it runs on every key and value.
  if (isWellFormed(text)) return undefined;
  const match = LONE_SURROGATE.exec(text);
  if (match === null) return undefined;
  const codeUnit = text.charCodeAt(match.index).toString(16).toUpperCase();
  return `is not well-formed UTF-16: lone surrogate U+${codeUnit} at index ${match.index} cannot be stored as UTF-8`;
}
