/**
 * A small XML 1.0 well-formedness checker for the renderer tests (no XML
 * parser is a dependency). It checks what our renderers could get wrong:
 * characters XML forbids, raw `<` or `&` in text and attributes, unknown or
 * illegal references, quoting, duplicate attributes, tag nesting and a single
 * root element. It does not check DTDs, namespaces or encodings.
 */

/** Name characters of the simple ASCII names our documents use. */
const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;
/** A character outside XML 1.0's Char production (tested on code points). */
function isForbiddenCodePoint(codePoint: number): boolean {
  if (codePoint === 0x9 || codePoint === 0xa || codePoint === 0xd) return false;
  if (codePoint < 0x20) return true;
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return true;
  return codePoint === 0xfffe || codePoint === 0xffff || codePoint > 0x10ffff;
}

/** The problems in the references and raw characters of a run of character data. */
function checkCharacterData(text: string, where: string): string[] {
  const problems: string[] = [];
  if (text.includes('<')) problems.push(`raw '<' in ${where}`);
  if (where === 'text' && text.includes(']]>')) problems.push(`']]>' in text`);
  for (const match of text.matchAll(/&([^;&]*)(;?)/g)) {
    const body = match[1] ?? '';
    if (match[2] !== ';') {
      problems.push(`unterminated reference '&${body.slice(0, 10)}' in ${where}`);
      continue;
    }
    if (['amp', 'lt', 'gt', 'quot', 'apos'].includes(body)) continue;
    const numeric = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(body);
    if (numeric === null) {
      problems.push(`unknown reference '&${body};' in ${where}`);
      continue;
    }
    const codePoint = numeric[1] !== undefined ? Number.parseInt(numeric[1], 16) : Number(numeric[2]);
    if (isForbiddenCodePoint(codePoint)) problems.push(`reference to forbidden character ${codePoint} in ${where}`);
  }
  return problems;
}

/** Returns the well-formedness problems of `xml`; an empty list means it is well-formed. */
export function checkWellFormedXml(xml: string): string[] {
  const problems: string[] = [];
  for (const character of xml) {
    const codePoint = character.codePointAt(0) ?? 0;
    if (isForbiddenCodePoint(codePoint)) problems.push(`forbidden character U+${codePoint.toString(16).padStart(4, '0')}`);
  }
  const open: string[] = [];
  let roots = 0;
  let position = xml.startsWith('<?xml') ? xml.indexOf('?>') + 2 : 0;
  if (position === 1) return [...problems, 'unterminated XML declaration'];
  while (position < xml.length) {
    const next = xml.indexOf('<', position);
    const text = xml.slice(position, next === -1 ? xml.length : next);
    if (open.length === 0 && text.trim() !== '') problems.push(`text outside the root element: '${text.trim().slice(0, 20)}'`);
    problems.push(...checkCharacterData(text.replace(/>/g, ''), 'text'));
    if (next === -1) break;
    if (xml.startsWith('<!--', next)) {
      const end = xml.indexOf('-->', next + 4);
      if (end === -1) return [...problems, 'unterminated comment'];
      position = end + 3;
      continue;
    }
    const close = xml.indexOf('>', next);
    if (close === -1) return [...problems, 'unterminated tag'];
    let tag = xml.slice(next + 1, close);
    // A '>' inside a quoted attribute value is legal: extend the tag until its quotes balance.
    let end = close;
    while ((tag.match(/"/g)?.length ?? 0) % 2 === 1 || (tag.match(/'/g)?.length ?? 0) % 2 === 1) {
      end = xml.indexOf('>', end + 1);
      if (end === -1) return [...problems, 'unterminated attribute value'];
      tag = xml.slice(next + 1, end);
    }
    position = end + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim();
      const expected = open.pop();
      if (name !== expected) problems.push(`closing </${name}> does not match <${expected ?? '(none)'}>`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const body = selfClosing ? tag.slice(0, -1) : tag;
    const name = NAME.exec(body)?.[0];
    if (name === undefined) {
      problems.push(`bad tag name in '<${tag.slice(0, 20)}>'`);
      continue;
    }
    let rest = body.slice(name.length);
    const seen = new Set<string>();
    while (rest.trim() !== '') {
      const attribute = /^\s+([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(rest);
      if (attribute === null) {
        problems.push(`malformed attributes in <${name}>: '${rest.trim().slice(0, 20)}'`);
        break;
      }
      const attributeName = attribute[1] ?? '';
      if (seen.has(attributeName)) problems.push(`duplicate attribute ${attributeName} in <${name}>`);
      seen.add(attributeName);
      problems.push(...checkCharacterData(attribute[3] ?? attribute[4] ?? '', `attribute ${attributeName}`));
      rest = rest.slice(attribute[0].length);
    }
    if (open.length === 0) roots += 1;
    if (!selfClosing) open.push(name);
  }
  if (open.length > 0) problems.push(`unclosed elements: ${open.join(' > ')}`);
  if (roots !== 1) problems.push(`expected one root element, found ${roots}`);
  return problems;
}
