/**
 * `report.html`: one self-contained page (inline CSS and SVG, no script, no
 * external assets) that a CI artifact viewer or a browser opens anywhere. It
 * shows the campaign verdict and figures, the scenario table, and for each
 * scenario that did not come out as expected (then, folded, each scenario that
 * came out as expected but has violations or coverage notes to show) its violations with the timeline of writes, syncs, acks,
 * faults and the crash point, which writes survived, and the replay commands.
 * Every string from the report is escaped.
 */
import { escapeMarkupText } from './escape-markup.js';
import { HTML_REPORT_STYLES } from './html/html-styles.js';
import { renderCampaignSummary } from './html/render-campaign-summary.js';
import { hasScenarioSection, renderScenarioSection } from './html/render-scenario-section.js';
import type { CampaignReport } from './report-types.js';
import { scenarioAsExpected } from './scenario-outcome.js';

/** Renders the campaign report as one self-contained HTML page; ends with a newline. */
export function renderHtmlReport(report: CampaignReport): string {
  const positioned = report.scenarios.map((scenario, position) => ({ scenario, position }));
  const withSections = positioned.filter(({ scenario }) => hasScenarioSection(scenario));
  // Failing scenarios first: they are what the reader opened the page for.
  const failing = withSections.filter(({ scenario }) => !scenarioAsExpected(scenario));
  const expected = withSections.filter(({ scenario }) => scenarioAsExpected(scenario));
  const sections: string[] = [];
  if (failing.length > 0) sections.push('<h2>Not as expected</h2>', ...failing.map(({ scenario, position }) => renderScenarioSection(scenario, position)));
  if (expected.length > 0) sections.push('<h2>As expected</h2>', ...expected.map(({ scenario, position }) => renderScenarioSection(scenario, position)));
  const title = `unplug ${report.command} · ${report.verdict === 'pass' ? 'PASS' : 'FAIL'} · seed ${report.seed}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeMarkupText(title)}</title>
<style>${HTML_REPORT_STYLES}</style>
</head><body><main>
${renderCampaignSummary(report, new Set(withSections.map(({ position }) => position)))}
${sections.join('\n')}
</main></body></html>
`;
}
