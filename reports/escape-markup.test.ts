import { describe, expect, it } from 'vitest';
import { escapeMarkupAttribute, escapeMarkupText, makeControlCharactersVisible } from './escape-markup.js';
import { checkWellFormedXml } from './test-support/check-well-formed-xml.js';
import { terminalSafeText } from './terminal-safe-text.js';

describe('escapeMarkupText', () => {
  it('escapes the five markup characters', () => {
    expect(escapeMarkupText(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;');
  });

  it('replaces characters XML forbids by a visible spelling, keeping tabs and line feeds', () => {
    expect(escapeMarkupText('a\u0000b\u0007c\u001bd\te\nf\u007fg\u0085h')).toBe('a\\u0000b\\u0007c\\u001Bd\te\nf\\u007Fg\\u0085h');
  });

  it('keeps a carriage return as a reference, because parsers would normalise a raw one away', () => {
    expect(escapeMarkupText('a\r\nb')).toBe('a&#13;\nb');
  });

  it('replaces lone surrogates but keeps a valid pair (an emoji)', () => {
    expect(makeControlCharactersVisible('x\uD800y\uDC00z😀')).toBe('x\\uD800y\\uDC00z😀');
  });

  it('produces text that is well-formed inside an element and an attribute for every code unit 0..0xFFFF', () => {
    const everything = Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code)).join('');
    expect(checkWellFormedXml(`<a b="${escapeMarkupAttribute(everything)}">${escapeMarkupText(everything)}</a>`)).toEqual([]);
  });

  it('turns whitespace controls into references inside attributes', () => {
    expect(escapeMarkupAttribute('a\tb\nc')).toBe('a&#9;b&#10;c');
  });
});

describe('terminalSafeText', () => {
  it('makes escape sequences, newlines and bidi overrides visible', () => {
    expect(terminalSafeText('\u001b[2Jhi\nthere\u202Eevil')).toBe('\\u001B[2Jhi\\u000Athere\\u202Eevil');
  });

  it('cuts long text with an ellipsis', () => {
    expect(terminalSafeText('abcdefghij', 5)).toBe('abcd…');
    expect(terminalSafeText('abcde', 5)).toBe('abcde');
  });
});
