import { describe, expect, it } from 'vitest';
import type { CampaignReport } from './report-types.js';
import { JUNIT_VIOLATIONS_PER_FAILURE, renderJunitXml } from './render-junit.js';
import { checkWellFormedXml } from './test-support/check-well-formed-xml.js';
import { HOSTILE_TEXT, SAMPLE_REPORT, SAMPLE_SCENARIOS, SAMPLE_VIOLATION } from './test-support/sample-campaign-report.js';

const COUNTS = { runs: 1, crashes: 1, crashStates: 3, commitsAcked: 2 };

/** A report small enough to pin byte for byte. */
const SMALL_REPORT: CampaignReport = {
  tool: 'unplug',
  command: 'explore',
  seed: 7,
  verdict: 'fail',
  scenarios: [
    { name: 'ok', description: '', expected: 'durable', verdict: 'durable', violations: [], violationCount: 0, counts: COUNTS, durationMs: 12, replay: 'unplug explore --scenario ok --seed 7' },
    {
      name: 'a<b>&"c"',
      description: '',
      expected: 'durable',
      verdict: 'violation',
      violations: [{ property: 'P2', replay: "unplug replay --seed 7 --mask 'w1=0'", message: 'torn tx 3: k="x\u0001"', faultModel: 'torn-sectors', seed: 7, crashPoint: { operationIndex: 4, description: 'after operation 4' } }],
      violationCount: 1,
      counts: COUNTS,
      durationMs: 1234.5,
      replay: 'unplug explore --scenario x --seed 7',
    },
  ],
  counts: { runs: 2, crashes: 2, crashStates: 6, commitsAcked: 4 },
  rates: { crashesPerSecond: 1, crashStatesPerSecond: 3 },
  durationMs: 2000,
  engine: 'node store.js',
  replay: 'unplug explore --seed 7',
};

const SMALL_EXPECTED = `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="unplug explore" tests="2" failures="1" errors="0" skipped="0" time="2.000">
  <testsuite name="unplug explore" tests="2" failures="1" errors="0" skipped="0" time="2.000">
    <properties>
      <property name="seed" value="7"/>
      <property name="engine" value="node store.js"/>
      <property name="replay" value="unplug explore --seed 7"/>
      <property name="runs" value="2"/>
      <property name="crashes" value="2"/>
      <property name="crashStates" value="6"/>
      <property name="commitsAcked" value="4"/>
    </properties>
    <testcase name="ok" classname="unplug.explore" time="0.012">
      <system-out>durable as expected
runs 1, crashes 1, crash states 3, acknowledged commits 2</system-out>
    </testcase>
    <testcase name="a&lt;b&gt;&amp;&quot;c&quot;" classname="unplug.explore" time="1.234">
      <failure message="VIOLATION in a scenario expected durable: 1 violation by P2" type="durability-violation">VIOLATION in a scenario expected durable: 1 violation by P2
P2 torn tx 3: k=&quot;x\\u0001&quot;
  fault model torn-sectors; crash after operation 4 (operation 4); seed 7
  replay: unplug replay --seed 7 --mask &#39;w1=0&#39;
scenario replay: unplug explore --scenario x --seed 7</failure>
      <system-out>VIOLATION in a scenario expected durable: 1 violation by P2
runs 1, crashes 1, crash states 3, acknowledged commits 2</system-out>
    </testcase>
  </testsuite>
</testsuites>
`;

describe('renderJunitXml', () => {
  it('renders a small report to exactly the expected bytes', () => {
    expect(renderJunitXml(SMALL_REPORT)).toBe(SMALL_EXPECTED);
  });

  const xml = renderJunitXml(SAMPLE_REPORT);

  it('is well-formed XML, hostile strings included', () => {
    expect(xml).toContain('\\u0007bell');
    expect(checkWellFormedXml(xml)).toEqual([]);
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;');
  });

  it('has one testsuite and one testcase per scenario, with a failure exactly where the verdict differs', () => {
    expect(xml.match(/<testsuite /g)).toHaveLength(1);
    expect([...xml.matchAll(/<testcase name="([^"]*)"/g)].map((match) => match[1])).toEqual(SAMPLE_SCENARIOS.map((scenario) => scenario.name));
    expect(xml).toContain('tests="4" failures="2"');
    const failures = [...xml.matchAll(/<testcase name="([^"]*)"[^>]*>\n\s*<failure [^>]*type="([^"]*)"/g)].map((match) => [match[1], match[2]]);
    expect(failures).toEqual([
      ['skip-dir-sync', 'durability-violation'],
      ['ack-before-sync', 'undetected-defect'],
    ]);
  });

  it('carries the replay lines of the violations, the scenario and the campaign, and the seed', () => {
    expect(xml).toContain("replay: unplug replay --scenario skip-dir-sync --seed 42 --fault power-loss --at 8 --mask &#39;w5=0&#39;");
    expect(xml).toContain('scenario replay: unplug crash --scenario ack-before-sync --seed 42');
    expect(xml).toContain('<property name="replay" value="unplug crash --seed 42 --shard 2/4"/>');
    expect(xml).toContain('<property name="seed" value="42"/>');
    expect(xml).toContain('<property name="shard" value="2/4"/>');
  });

  it(`lists at most ${JUNIT_VIOLATIONS_PER_FAILURE} violations in a failure and keeps attribute newlines as references`, () => {
    const many = Array.from({ length: 15 }, (_, position) => ({ ...SAMPLE_VIOLATION, message: `violation number ${position}` }));
    const report = { ...SAMPLE_REPORT, engine: `two\nlines ${HOSTILE_TEXT}`, scenarios: [{ ...SAMPLE_SCENARIOS[1]!, violations: many, violationCount: 40 }] };
    const rendered = renderJunitXml(report);
    expect(rendered.match(/violation number \d+/g)).toHaveLength(JUNIT_VIOLATIONS_PER_FAILURE);
    expect(rendered).toContain('(30 more violations not listed)');
    expect(rendered).toContain('value="two&#10;lines &lt;script&gt;');
    expect(checkWellFormedXml(rendered)).toEqual([]);
  });
});
