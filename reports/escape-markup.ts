/**
 * Escaping for the XML and HTML renderers. Report text comes from engines
 * under test, file names and error messages, so it is hostile by default:
 * every string goes through one of these two functions before it reaches
 * markup.
 *
 * XML 1.0 forbids most C0 control characters, lone UTF-16 surrogates and
 * U+FFFE/U+FFFF even as character references, so they cannot be escaped, only
 * replaced. They are replaced by a visible `\uXXXX` spelling (and so are DEL
 * and the C1 controls, which XML allows but no reader wants to see raw), so
 * the reader still learns which byte was there.
 */

/** Characters that markup must not carry raw: forbidden or invisible controls and unpaired surrogates. */
const UNPRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The five markup-significant characters and their references (`&#39;` works in both HTML and XML). */
const MARKUP_REFERENCES: Readonly<Record<string, string>> = Object.freeze({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' });

/** A visible spelling of one unprintable UTF-16 code unit, e.g. `\u001B`. */
function visibleCodeUnit(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Replaces unprintable characters by their visible `\uXXXX` spelling (no markup escaping). */
export function makeControlCharactersVisible(text: string): string {
  return text.replace(UNPRINTABLE, visibleCodeUnit);
}

/** Escapes text for element content in XML or HTML; tabs and line feeds stay as they are. */
export function escapeMarkupText(text: string): string {
  // A raw carriage return would be normalised away by an XML parser, so it travels as a reference.
  return makeControlCharactersVisible(text).replace(/[&<>"']/g, (character) => MARKUP_REFERENCES[character] ?? character).replace(/\r/g, '&#13;');
}

/** Escapes text for a double-quoted attribute value; whitespace controls become references so parsers keep them. */
export function escapeMarkupAttribute(text: string): string {
  return escapeMarkupText(text).replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}
