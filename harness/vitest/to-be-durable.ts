/**
 * The `toBeDurable()` matcher: a campaign report passes when no scenario
 * found a violation. Its failure message is the campaign's terminal summary
 * (the first violations of each failing scenario, with their replay lines),
 * so a failing test says what was lost and how to reproduce it.
 */
import { renderTerminalSummary } from '../../reports/render-terminal.js';
import type { CampaignReport } from '../../reports/report-types.js';

/** What a vitest matcher returns. */
export interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

/** True when `value` has the shape of a campaign report (checked before reading it). */
function isCampaignReport(value: unknown): value is CampaignReport {
  const report = value as Partial<CampaignReport> | null;
  return typeof report === 'object' && report !== null && report.tool === 'unplug' && Array.isArray(report.scenarios);
}

/** Checks that every scenario of `received` came out durable. */
export function toBeDurable(received: unknown): MatcherResult {
  if (!isCampaignReport(received)) {
    return { pass: false, message: () => `expected an unplug campaign report (from runCampaign, explore or replay), got ${describeValue(received)}` };
  }
  const violating = received.scenarios.filter((scenario) => scenario.verdict !== 'durable');
  const summary = renderTerminalSummary(received, { colour: false }).trimEnd();
  if (violating.length === 0) {
    return { pass: true, message: () => `expected a violation, but every scenario came out durable:\n\n${summary}` };
  }
  const names = violating.map((scenario) => `${scenario.name} (${scenario.violationCount} violations)`).join(', ');
  return { pass: false, message: () => `expected every acknowledged commit to survive, but ${names} lost some:\n\n${summary}` };
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  return typeof value === 'object' ? `an object with keys ${Object.keys(value).slice(0, 8).join(', ')}` : `${typeof value} ${String(value).slice(0, 80)}`;
}
