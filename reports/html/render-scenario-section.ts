/**
 * The detail section of one scenario in the HTML report: its outcome, its
 * replay command and its violations. A scenario that did not come out as
 * expected is shown open, with its first violation expanded; a defect that was
 * detected as expected is folded, since it is evidence rather than news.
 */
import { escapeMarkupAttribute, escapeMarkupText } from '../escape-markup.js';
import { formatCount } from '../format-figures.js';
import type { ScenarioReport } from '../report-types.js';
import { describeOutcome, scenarioAsExpected } from '../scenario-outcome.js';
import { scenarioAnchor } from './render-campaign-summary.js';
import { renderViolation } from './render-violation.js';

/** The most violations one scenario section shows. */
export const HTML_VIOLATIONS_PER_SCENARIO = 20;

/** True when a scenario gets a detail section: it failed, has violations to show, or its time budget cut it short. */
export function hasScenarioSection(scenario: ScenarioReport): boolean {
  return !scenarioAsExpected(scenario) || scenario.violations.length > 0 || (scenario.coverage?.notes.length ?? 0) > 0;
}

/** The body of a section: outcome (unless the folded summary already says it), description, replay, violations. */
function sectionBody(scenario: ScenarioReport, failing: boolean): string {
  const shown = scenario.violations.slice(0, HTML_VIOLATIONS_PER_SCENARIO);
  const hidden = Math.max(scenario.violationCount, scenario.violations.length) - shown.length;
  const parts = failing ? [`<p>${escapeMarkupText(describeOutcome(scenario))}</p>`] : [];
  if (scenario.description !== '') parts.push(`<p class="muted">${escapeMarkupText(scenario.description)}</p>`);
  if (scenario.metadata !== undefined) parts.push(`<p>Metadata models: ${escapeMarkupText(scenario.metadata.summary)}.</p>`);
  if (scenario.expectedProperties !== undefined && scenario.expectedProperties.length > 0) parts.push(`<p>Expected to be caught by ${escapeMarkupText(scenario.expectedProperties.join(', '))}.</p>`);
  // A budget that cut a run short is said plainly: a pass over part of the plan is a weaker claim.
  for (const note of scenario.coverage?.notes ?? []) parts.push(`<p class="muted">Note: ${escapeMarkupText(note)}</p>`);
  if (scenario.expected === 'violation' && scenario.verdict === 'durable') parts.push(`<p>No violation was found in ${formatCount(scenario.counts.crashStates)} crash states: the defect went undetected.</p>`);
  parts.push('<p class="label">Replay this scenario:</p>', `<pre class="replay"><code>${escapeMarkupText(scenario.replay)}</code></pre>`);
  parts.push(...shown.map((violation, position) => renderViolation(violation, failing && position === 0)));
  if (hidden > 0) parts.push(`<p class="muted">${formatCount(hidden)} more violation${hidden === 1 ? '' : 's'} not shown.</p>`);
  return parts.join('\n');
}

/** Renders the section of the scenario at `position` in the report. */
export function renderScenarioSection(scenario: ScenarioReport, position: number): string {
  const id = escapeMarkupAttribute(scenarioAnchor(position));
  const name = escapeMarkupText(scenario.name);
  if (!scenarioAsExpected(scenario)) {
    return `<section class="scenario" id="${id}">\n<h2><span class="mark-fail">✗</span> ${name}</h2>\n${sectionBody(scenario, true)}\n</section>`;
  }
  return `<section class="scenario" id="${id}">\n<details class="scenario-expected"><summary><span class="mark-pass">✓</span> <b>${name}</b>: ${escapeMarkupText(describeOutcome(scenario))}</summary>\n${sectionBody(scenario, false)}\n</details>\n</section>`;
}
