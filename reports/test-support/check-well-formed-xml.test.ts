import { describe, expect, it } from 'vitest';
import { checkWellFormedXml } from './check-well-formed-xml.js';

describe('checkWellFormedXml', () => {
  it('accepts a small well-formed document with references and a quoted ">"', () => {
    expect(checkWellFormedXml(`<?xml version="1.0"?>\n<a x="1 &gt; 0" y='&#10;'><b/>t &amp; &#x41;<!-- c --><c z="a>b">&lt;</c></a>\n`)).toEqual([]);
  });

  it.each([
    ['a raw ampersand in text', '<a>fish & chips</a>', /unterminated reference/],
    ['an unknown entity', '<a>&nbsp;</a>', /unknown reference/],
    ['a raw < in an attribute', '<a x="<"/>', /raw '<' in attribute x/],
    ['mismatched tags', '<a><b></a></b>', /does not match/],
    ['an unclosed element', '<a><b></b>', /unclosed elements: a/],
    ['two roots', '<a/><b/>', /expected one root element, found 2/],
    ['a raw control character', '<a>\u0007</a>', /forbidden character U\+0007/],
    ['a reference to a forbidden character', '<a>&#27;</a>', /forbidden character 27/],
    ['a duplicate attribute', '<a x="1" x="2"/>', /duplicate attribute x/],
    ['an unquoted attribute', '<a x=1/>', /malformed attributes/],
    ['a lone surrogate', '<a>\uD800</a>', /forbidden character U\+d800/],
  ])('rejects %s', (_name, xml, problem) => {
    const problems = checkWellFormedXml(xml);
    expect(problems.some((found) => problem.test(found)), problems.join('; ')).toBe(true);
  });
});
