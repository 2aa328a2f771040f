import { describe, expect, it } from 'vitest';
import { renderHtmlReport } from './render-html.js';
import { STATUS_STYLES } from './html/timeline-palette.js';
import { checkWellFormedXml } from './test-support/check-well-formed-xml.js';
import { PASSING_REPORT, SAMPLE_REPORT, SAMPLE_SCENARIOS, SAMPLE_VIOLATION } from './test-support/sample-campaign-report.js';

/** The rows of the first timeline table: [index, kind, path, detail, outcome] with tags stripped. */
function timelineRows(html: string): string[][] {
  const table = /<details class="events" open>[\s\S]*?<\/table>/.exec(html)?.[0] ?? '';
  return [...table.matchAll(/<tr class="status-[^"]+"><td>([\s\S]*?)<\/td><\/tr>/g)].map((match) => (match[1] ?? '').split('</td><td>'));
}

describe('renderHtmlReport', () => {
  const html = renderHtmlReport(SAMPLE_REPORT);

  it('is one self-contained page: inline style and SVG, no script, no external assets', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|url\(|@import/i);
    const links = [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(link).toMatch(/^#scenario-\d+$/);
    expect(html).toContain('<style>');
  });

  it('shows the verdict, the figures, every scenario and the campaign replay line', () => {
    expect(html).toContain('FAIL · 2 of 4 scenarios not as expected');
    expect(html).toContain('<b>10,600</b><span>crash states</span>');
    expect(html).toContain('<b>902</b><span>acknowledged commits</span>');
    for (const scenario of SAMPLE_SCENARIOS) expect(html).toContain(`>${scenario.name}<`);
    expect(html).toContain('<pre class="replay"><code>unplug crash --seed 42 --shard 2/4</code></pre>');
    expect(renderHtmlReport(PASSING_REPORT)).toContain('PASS · 2 of 2 scenarios as expected');
  });

  it('escapes every hostile string', () => {
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<evil');
    expect(html).not.toContain('\u001b');
    expect(html).not.toContain('\u0007');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('data/&lt;evil &amp; &quot;file&quot;&gt;');
  });

  it('shows failing scenarios first and open, and folds the defect detected as expected', () => {
    const failingAt = html.indexOf('id="scenario-1"');
    const undetectedAt = html.indexOf('id="scenario-3"');
    const expectedAt = html.indexOf('id="scenario-2"');
    expect(failingAt).toBeGreaterThan(0);
    expect(undetectedAt).toBeGreaterThan(failingAt);
    expect(expectedAt).toBeGreaterThan(undetectedAt);
    expect(html).toContain('No violation was found in 120 crash states: the defect went undetected.');
    expect(html).toContain('<details class="scenario-expected"><summary><span class="mark-pass">✓</span> <b>fsync-off</b>');
    expect(html).not.toContain('id="scenario-0"');
  });

  it('describes the violation and its replay command', () => {
    expect(html).toContain('<p class="property-title">P1: durability: every acknowledged commit is present</p>');
    expect(html).toContain('<dt>crash point</dt><dd>after operation 8 of 9 (operation 8)</dd>');
    expect(html).toContain('<dt>recovered value</dt><dd>(absent)</dd>');
    expect(html).toContain(`<pre class="replay"><code>unplug replay --scenario skip-dir-sync --seed 42 --fault power-loss --at 8 --mask &#39;w5=0&#39;</code></pre>`);
  });

  it('lists the timeline with survived and lost markers and the crash', () => {
    const rows = timelineRows(html);
    expect(rows.map((row) => row[0])).toEqual(SAMPLE_VIOLATION.timeline!.map((event) => String(event.index)));
    const outcomes = Object.fromEntries(rows.map((row) => [row[0], row[4]]));
    expect(outcomes).toMatchObject({ '0': '✓ survived', '1': '✓ survived', '5': '✗ lost', '8': '✓ survived', '9': 'CRASH', '2': '', '4': '' });
    expect(html).toContain('10 operations drawn: <b class="survived">3 survived</b>, <b class="lost">1 lost</b>.');
  });

  it('draws the strip as well-formed SVG: a marker per event, coloured by outcome, and the crash line', () => {
    const svg = /<svg [\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(checkWellFormedXml(svg)).toEqual([]);
    expect(svg.match(/<title>#\d+ /g)).toHaveLength(SAMPLE_VIOLATION.timeline!.length);
    expect(svg.match(new RegExp(`fill="${STATUS_STYLES.survived.colour}"`, 'g'))).toHaveLength(3);
    expect(svg.match(new RegExp(`fill="${STATUS_STYLES.lost.colour}"`, 'g'))).toHaveLength(1);
    expect(svg.match(new RegExp(`fill="${STATUS_STYLES.ack.colour}"`, 'g'))).toHaveLength(2);
    expect(svg).toMatch(/<line [^>]*stroke-dasharray="5 3"><title>crash after operation 8 of 9<\/title>/);
    expect(html).toContain('write, directory entry or acknowledged commit lost in the crash</li>');
  });

  it('says so when a violation has no timeline', () => {
    expect(html).toContain('No timeline was recorded for this violation.');
  });
});
