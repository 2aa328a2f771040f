/**
 * Whether a scenario's result is what it expects: the verdict matches, and an
 * expected violation was caught by at least one of the properties meant to
 * catch it (a defect found only by the wrong property is a harness regression).
 */
import type { ScenarioReport } from '../../reports/report-types.js';

/** True when the scenario ended as expected. */
export function meetsExpectation(report: ScenarioReport): boolean {
  if (report.verdict !== report.expected) return false;
  if (report.expected === 'durable' || report.expectedProperties === undefined || report.expectedProperties.length === 0) return true;
  return report.violations.some((violation) => report.expectedProperties?.includes(violation.property) === true);
}
