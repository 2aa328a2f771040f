/**
 * The top of the HTML report: the campaign verdict, what it did (counts,
 * rates, duration), the command that reruns it, and one table row per
 * scenario with a mark, its expected outcome and its verdict.
 */
import { escapeMarkupAttribute, escapeMarkupText } from '../escape-markup.js';
import { formatCount, formatDurationMs, formatRatePerSecond } from '../format-figures.js';
import type { CampaignReport, ScenarioReport } from '../report-types.js';
import { describeOutcome, scenarioAsExpected, tallyScenarios } from '../scenario-outcome.js';

/** The in-page anchor of a scenario's detail section. */
export function scenarioAnchor(scenarioPosition: number): string {
  return `scenario-${scenarioPosition}`;
}

/** The campaign header: verdict badge, seed, engine, shard. */
function header(report: CampaignReport): string {
  const tally = tallyScenarios(report);
  const verdictClass = report.verdict === 'pass' ? 'pass' : 'fail';
  const verdictText = report.verdict === 'pass' ? `PASS · ${tally.asExpected} of ${tally.total} scenarios as expected` : `FAIL · ${tally.failing.length} of ${tally.total} scenarios not as expected`;
  const subtitle = [`seed ${report.seed}`, `engine ${report.engine}`, ...(report.shard === undefined ? [] : [`shard ${report.shard}`]), formatDurationMs(report.durationMs)];
  return [
    `<header class="campaign ${verdictClass}">`,
    `<h1>unplug ${escapeMarkupText(report.command)}<span class="badge ${verdictClass}">${escapeMarkupText(verdictText)}</span></h1>`,
    `<p class="subtitle">${subtitle.map(escapeMarkupText).join(' · ')}</p>`,
    '</header>',
  ].join('\n');
}

/** The campaign's counts and rates as tiles. */
function tiles(report: CampaignReport): string {
  const figures: (readonly [string, string])[] = [
    [formatCount(report.counts.runs), 'runs'],
    [formatCount(report.counts.crashes), 'crashes'],
    [formatCount(report.counts.crashStates), 'crash states'],
    [formatCount(report.counts.commitsAcked), 'acknowledged commits'],
    [formatRatePerSecond(report.rates.crashesPerSecond), 'crashes/s'],
    [formatRatePerSecond(report.rates.crashStatesPerSecond), 'crash states/s'],
  ];
  return `<div class="tiles">${figures.map(([value, label]) => `<div class="tile"><b>${escapeMarkupText(value)}</b><span>${escapeMarkupText(label)}</span></div>`).join('')}</div>`;
}

/** One row of the scenario table. */
function scenarioRow(scenario: ScenarioReport, position: number, hasSection: boolean): string {
  const passed = scenarioAsExpected(scenario);
  const name = escapeMarkupText(scenario.name);
  const cells = [
    passed ? '<span class="mark-pass">✓</span>' : '<span class="mark-fail">✗</span>',
    hasSection ? `<a href="#${escapeMarkupAttribute(scenarioAnchor(position))}">${name}</a>` : name,
    escapeMarkupText(scenario.expected),
    escapeMarkupText(scenario.verdict),
    escapeMarkupText(describeOutcome(scenario)),
  ];
  const numbers = [formatCount(scenario.counts.crashStates), formatCount(scenario.counts.commitsAcked), formatCount(scenario.violationCount), formatDurationMs(scenario.durationMs)];
  return `<tr${passed ? '' : ' class="failing"'} title="${escapeMarkupAttribute(scenario.description)}"><td>${cells.join('</td><td>')}</td>${numbers.map((value) => `<td class="number">${escapeMarkupText(value)}</td>`).join('')}</tr>`;
}

/** Renders the summary; `sectionPositions` are the scenarios (by position) that have a detail section to link to. */
export function renderCampaignSummary(report: CampaignReport, sectionPositions: ReadonlySet<number>): string {
  return [
    header(report),
    tiles(report),
    '<p class="label">Rerun this campaign:</p>',
    `<pre class="replay"><code>${escapeMarkupText(report.replay)}</code></pre>`,
    '<h2>Scenarios</h2>',
    '<table class="scenarios"><thead><tr><th></th><th>scenario</th><th>expected</th><th>verdict</th><th>outcome</th><th>crash states</th><th>acked</th><th>violations</th><th>time</th></tr></thead><tbody>',
    ...report.scenarios.map((scenario, position) => scenarioRow(scenario, position, sectionPositions.has(position))),
    '</tbody></table>',
  ].join('\n');
}
