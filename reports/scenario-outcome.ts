/**
 * What every renderer says about a scenario: did it come out as expected, which
 * properties caught something, and a one-line statement of the outcome. Kept in
 * one place so the terminal, the JUnit XML and the HTML page never disagree.
 */
import { PROPERTY_NAMES, type CampaignReport, type PropertyName, type ScenarioReport } from './report-types.js';

/** True when the scenario's verdict is its expected one (docs/reports.md: the campaign passes when all are). */
export function scenarioAsExpected(scenario: ScenarioReport): boolean {
  return scenario.verdict === scenario.expected;
}

/** The properties that found violations in the scenario's sample, in the oracle's order. */
export function propertiesFound(scenario: ScenarioReport): PropertyName[] {
  const found = new Set(scenario.violations.map((violation) => violation.property));
  return PROPERTY_NAMES.filter((property) => found.has(property));
}

/** A one-line statement of the outcome, e.g. "durable as expected" or "UNDETECTED: expected a violation (P1), none found". */
export function describeOutcome(scenario: ScenarioReport): string {
  const found = propertiesFound(scenario);
  const foundText = found.length > 0 ? ` by ${found.join(', ')}` : '';
  const expectedProperties = scenario.expectedProperties ?? [];
  const violationsText = `${scenario.violationCount} violation${scenario.violationCount === 1 ? '' : 's'}`;
  if (scenario.expected === 'durable' && scenario.verdict === 'durable') return 'durable as expected';
  if (scenario.expected === 'violation' && scenario.verdict === 'violation') {
    const expectedText = expectedProperties.length > 0 ? ` (expected ${expectedProperties.join(', ')})` : '';
    return `defect detected as expected${foundText}: ${violationsText}${expectedText}`;
  }
  if (scenario.expected === 'durable') return `VIOLATION in a scenario expected durable: ${violationsText}${foundText}`;
  const wanted = expectedProperties.length > 0 ? ` (${expectedProperties.join(', ')})` : '';
  return `UNDETECTED: expected a violation${wanted}, none found`;
}

/** How many scenarios came out as expected, and which did not. */
export function tallyScenarios(report: CampaignReport): { readonly total: number; readonly asExpected: number; readonly failing: readonly ScenarioReport[] } {
  const failing = report.scenarios.filter((scenario) => !scenarioAsExpected(scenario));
  return { total: report.scenarios.length, asExpected: report.scenarios.length - failing.length, failing };
}
