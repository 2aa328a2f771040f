/**
 * Makes report text safe to print on a terminal. A message from an engine under
 * test could carry escape sequences that recolour, move the cursor or retitle
 * the window, or bidirectional overrides that make a line read differently
 * from what it says; printed raw, a hostile engine could hide its own
 * violation. Every control character (C0 including newlines, DEL, C1) and every
 * bidi control is replaced by its visible `\uXXXX` spelling, and long text is
 * cut so one field cannot flood the summary.
 */

/** C0 and C1 controls, DEL, and the Unicode bidirectional formatting characters. */
const TERMINAL_UNSAFE = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** The longest single field the terminal summary prints, in characters. */
export const TERMINAL_FIELD_MAX_CHARACTERS = 400;

/** Returns `text` with every control character made visible and cut to `maxCharacters` (with an ellipsis). */
export function terminalSafeText(text: string, maxCharacters = TERMINAL_FIELD_MAX_CHARACTERS): string {
  const visible = text.replace(TERMINAL_UNSAFE, (character) => `\\u${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
  const characters = [...visible];
  return characters.length <= maxCharacters ? visible : `${characters.slice(0, Math.max(0, maxCharacters - 1)).join('')}…`;
}
