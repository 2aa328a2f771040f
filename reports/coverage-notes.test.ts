/**
 * A scenario whose time budget cut it short must say so in every artefact a CI
 * system keeps: a pass over part of the plan is a weaker claim than a full one.
 */
import { describe, expect, it } from 'vitest';
import type { CampaignReport, ScenarioReport } from './report-types.js';
import { renderHtmlReport } from './render-html.js';
import { renderJunitXml } from './render-junit.js';
import { checkWellFormedXml } from './test-support/check-well-formed-xml.js';
import { PASSING_REPORT } from './test-support/sample-campaign-report.js';

const NOTE = 'the time budget (25 s) cut the run short: 7 of 80 runs, explored 120 of 122 boundaries of their traces <&>';

/** The passing sample report with its first scenario cut short by its budget. */
function reportWithNote(): CampaignReport {
  const [first, ...rest] = PASSING_REPORT.scenarios;
  if (first === undefined) throw new Error('the sample report has no scenario');
  const cut: ScenarioReport = { ...first, coverage: { cutByTimeBudget: true, notes: [NOTE] } };
  return { ...PASSING_REPORT, scenarios: [cut, ...rest] };
}

describe('coverage notes', () => {
  it('appear, escaped, in the JUnit system-out of the scenario', () => {
    const xml = renderJunitXml(reportWithNote());
    expect(checkWellFormedXml(xml)).toEqual([]);
    expect(xml).toContain('note: the time budget (25 s) cut the run short: 7 of 80 runs, explored 120 of 122 boundaries of their traces &lt;&amp;&gt;');
    expect(renderJunitXml(PASSING_REPORT)).not.toContain('note: ');
  });

  it('give a passing scenario a section in the HTML report that states the note', () => {
    const html = renderHtmlReport(reportWithNote());
    expect(html).toContain('Note: the time budget (25 s) cut the run short');
    expect(html).toContain('&lt;&amp;&gt;');
    expect(renderHtmlReport(PASSING_REPORT)).not.toContain('Note: ');
  });
});
