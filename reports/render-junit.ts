/**
 * `junit.xml`: the campaign as a JUnit XML report, for CI systems (GitHub
 * Actions reporters, GitLab, Jenkins). The document, exactly:
 *
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <testsuites name="unplug <command>" tests=N failures=F errors="0" skipped="0" time=S>
 *     <testsuite  (same name and counts)>
 *       <properties>                       seed, engine, shard (when sharded), replay,
 *         <property name=.. value=../>     runs, crashes, crashStates, commitsAcked
 *       </properties>
 *       <testcase name=<scenario> classname="unplug.<command>" time=S>   one per scenario
 *         <failure message=<outcome> type=<FAILURE_TYPES>>               only when verdict != expected:
 *           outcome, then per violation: property, message, where, replay;  the first
 *           JUNIT_VIOLATIONS_PER_FAILURE violations, then the scenario's replay line
 *         </failure>
 *         <system-out>outcome and counts</system-out>
 *       </testcase>
 *     </testsuite>
 *   </testsuites>
 *
 * Times are seconds with three decimals. There is no timestamp or host name,
 * so the same report always renders to the same bytes. All text goes through
 * `escapeMarkupText`/`escapeMarkupAttribute`.
 */
import { escapeMarkupAttribute, escapeMarkupText } from './escape-markup.js';
import { formatCount, formatSeconds } from './format-figures.js';
import type { CampaignReport, ScenarioReport, Violation } from './report-types.js';
import { describeOutcome, scenarioAsExpected, tallyScenarios } from './scenario-outcome.js';

/** The `type` attribute of a failure: a durability violation, or a defect the campaign did not detect. */
export const JUNIT_FAILURE_TYPES = Object.freeze({ violation: 'durability-violation', undetected: 'undetected-defect' } as const);
/** How many violations a failure's body lists. */
export const JUNIT_VIOLATIONS_PER_FAILURE = 10;

/** An XML attribute, escaped. */
function attribute(name: string, value: string | number): string {
  return `${name}="${escapeMarkupAttribute(String(value))}"`;
}

/** The plain-text description of one violation inside a failure body. */
function violationText(violation: Violation): string {
  const where = [`fault model ${violation.faultModel}`, `crash ${violation.crashPoint.description} (operation ${violation.crashPoint.operationIndex})`, `seed ${violation.seed}`];
  if (violation.tx !== undefined) where.push(`tx ${violation.tx}`);
  if (violation.key !== undefined) where.push(`key ${JSON.stringify(violation.key)}`);
  if (violation.mask !== undefined) where.push(`mask ${violation.mask}`);
  return `${violation.property} ${violation.message}\n  ${where.join('; ')}\n  replay: ${violation.replay}`;
}

/** The failure element of a scenario that did not come out as expected. */
function failureElement(scenario: ScenarioReport): string {
  const type = scenario.expected === 'durable' ? JUNIT_FAILURE_TYPES.violation : JUNIT_FAILURE_TYPES.undetected;
  const shown = scenario.violations.slice(0, JUNIT_VIOLATIONS_PER_FAILURE);
  const hidden = Math.max(scenario.violationCount, scenario.violations.length) - shown.length;
  const body = [describeOutcome(scenario), ...shown.map(violationText)];
  if (hidden > 0) body.push(`(${formatCount(hidden)} more violations not listed)`);
  body.push(`scenario replay: ${scenario.replay}`);
  return `      <failure ${attribute('message', describeOutcome(scenario))} ${attribute('type', type)}>${escapeMarkupText(body.join('\n'))}</failure>\n`;
}

/** One testcase element. */
function testcaseElement(scenario: ScenarioReport, command: string): string {
  const counts = scenario.counts;
  const notes = (scenario.coverage?.notes ?? []).map((note) => `\nnote: ${note}`).join('');
  const output = `${describeOutcome(scenario)}\nruns ${counts.runs}, crashes ${counts.crashes}, crash states ${counts.crashStates}, acknowledged commits ${counts.commitsAcked}${notes}`;
  return [
    `    <testcase ${attribute('name', scenario.name)} ${attribute('classname', `unplug.${command}`)} ${attribute('time', formatSeconds(scenario.durationMs))}>\n`,
    scenarioAsExpected(scenario) ? '' : failureElement(scenario),
    `      <system-out>${escapeMarkupText(output)}</system-out>\n`,
    `    </testcase>\n`,
  ].join('');
}

/** Renders the campaign as JUnit XML: one testsuite, one testcase per scenario; ends with a newline. */
export function renderJunitXml(report: CampaignReport): string {
  const tally = tallyScenarios(report);
  const suiteAttributes = [attribute('name', `unplug ${report.command}`), attribute('tests', tally.total), attribute('failures', tally.failing.length), attribute('errors', 0), attribute('skipped', 0), attribute('time', formatSeconds(report.durationMs))].join(' ');
  const properties: (readonly [string, string | number])[] = [['seed', report.seed], ['engine', report.engine]];
  if (report.shard !== undefined) properties.push(['shard', report.shard]);
  properties.push(['replay', report.replay], ['runs', report.counts.runs], ['crashes', report.counts.crashes], ['crashStates', report.counts.crashStates], ['commitsAcked', report.counts.commitsAcked]);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<testsuites ${suiteAttributes}>\n`,
    `  <testsuite ${suiteAttributes}>\n`,
    '    <properties>\n',
    ...properties.map(([name, value]) => `      <property ${attribute('name', name)} ${attribute('value', value)}/>\n`),
    '    </properties>\n',
    ...report.scenarios.map((scenario) => testcaseElement(scenario, report.command)),
    '  </testsuite>\n',
    '</testsuites>\n',
  ].join('');
}
