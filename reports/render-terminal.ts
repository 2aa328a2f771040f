/**
 * The terminal summary of a campaign: one line per scenario, the campaign's
 * counts and rates, the first violations of every scenario that did not come
 * out as expected with their replay commands, and always the seed and the line
 * that reruns the whole campaign. Plain text unless the caller asks for colour
 * (it passes `process.stdout.isTTY`), so CI logs stay clean.
 */
import picocolors from 'picocolors';
import { formatCount, formatDurationMs, formatRatePerSecond } from './format-figures.js';
import type { CampaignReport, ScenarioReport, Violation } from './report-types.js';
import { describeOutcome, propertiesFound, scenarioAsExpected, tallyScenarios } from './scenario-outcome.js';
import { terminalSafeText } from './terminal-safe-text.js';

/** Options of the terminal summary. */
export interface TerminalSummaryOptions {
  /** Colour the output with ANSI escapes (pass `process.stdout.isTTY`); plain text otherwise. */
  readonly colour?: boolean;
}

/** How many violations are printed for each failing scenario. */
export const TERMINAL_VIOLATIONS_PER_SCENARIO = 3;
/** How many scenario lines are printed before the rest are counted instead. */
export const TERMINAL_SCENARIO_LINES_MAX = 500;
/** The widest scenario-name column, in characters. */
const NAME_COLUMN_MAX_CHARACTERS = 40;

type Colours = ReturnType<typeof picocolors.createColors>;

/** The header line: command, seed, engine and shard. */
function headerLine(report: CampaignReport, colours: Colours): string {
  const parts = [colours.bold(`unplug ${report.command}`), `seed ${report.seed}`, `engine ${terminalSafeText(report.engine, 120)}`];
  if (report.shard !== undefined) parts.push(`shard ${terminalSafeText(report.shard, 20)}`);
  return parts.join(' · ');
}

/** One line for one scenario: mark, name, expected, verdict, crash states, acknowledged commits, properties found. */
function scenarioLine(scenario: ScenarioReport, nameWidth: number, colours: Colours): string {
  const passed = scenarioAsExpected(scenario);
  const mark = passed ? colours.green('✓') : colours.red('✗');
  const name = terminalSafeText(scenario.name, NAME_COLUMN_MAX_CHARACTERS).padEnd(nameWidth);
  const verdict = `got ${scenario.verdict}`.padEnd(13);
  const found = propertiesFound(scenario);
  const columns = [
    passed ? name : colours.bold(name),
    `expected ${scenario.expected.padEnd(9)}`,
    passed ? verdict : colours.red(verdict),
    `${formatCount(scenario.counts.crashStates).padStart(9)} crash states`,
    `${formatCount(scenario.counts.commitsAcked).padStart(8)} acked`,
  ];
  if (found.length > 0) columns.push(colours.dim(`found by ${found.join(', ')}`));
  if (scenario.metadata !== undefined) columns.push(terminalSafeText(scenario.metadata.summary, 120));
  return `  ${mark} ${columns.join('  ')}`;
}

/** The campaign's counts and rates on one line. */
function countsLine(report: CampaignReport): string {
  const { counts, rates } = report;
  return [
    `runs ${formatCount(counts.runs)}`,
    `crashes ${formatCount(counts.crashes)}`,
    `crash states ${formatCount(counts.crashStates)}`,
    `acknowledged commits ${formatCount(counts.commitsAcked)}`,
    `${formatRatePerSecond(rates.crashesPerSecond)} crashes/s`,
    `${formatRatePerSecond(rates.crashStatesPerSecond)} crash states/s`,
    formatDurationMs(report.durationMs),
  ].join(' · ');
}

/** The lines describing one violation: property and message, where it happened, and its replay command. */
function violationLines(violation: Violation, colours: Colours): string[] {
  const where = [`fault model ${terminalSafeText(violation.faultModel, 60)}${violation.metadata === undefined ? '' : ` (${terminalSafeText(violation.metadata, 20)} metadata)`}`, `crash ${terminalSafeText(violation.crashPoint.description, 160)} (operation ${violation.crashPoint.operationIndex})`];
  if (violation.tx !== undefined) where.push(`tx ${violation.tx}`);
  if (violation.key !== undefined) where.push(`key ${terminalSafeText(JSON.stringify(violation.key), 80)}`);
  if (violation.mask !== undefined) where.push(`mask ${terminalSafeText(violation.mask, 80)}`);
  return [
    `    ${colours.red(colours.bold(violation.property))}  ${terminalSafeText(violation.message)}`,
    `        ${colours.dim(where.join(' · '))}`,
    `        replay: ${colours.cyan(terminalSafeText(violation.replay, 1000))}`,
  ];
}

/**
 * What the terminal left out, and where it can be read: the reports keep only
 * a sample of the violations (`violations`) beside their count (`violationCount`),
 * so the line must not promise the rest are in report.json.
 */
export function hiddenViolationsLine(scenario: ScenarioReport, shownCount: number): string | undefined {
  const kept = scenario.violations.length - shownCount;
  const countedOnly = Math.max(0, scenario.violationCount - scenario.violations.length);
  const plural = (count: number): string => `${formatCount(count)} more violation${count === 1 ? '' : 's'}`;
  const rerun = 'the scenario replay line below finds them again';
  if (kept > 0 && countedOnly > 0) return `(${plural(kept + countedOnly)} not shown: ${formatCount(kept)} listed in the --json document and --out's report.json and report.html, which keep a sample per property; the other ${formatCount(countedOnly)} are counted only, and ${rerun})`;
  if (kept > 0) return `(${plural(kept)} not shown; the --json document and --out's report.json and report.html list them)`;
  if (countedOnly > 0) return `(${plural(countedOnly)} counted but not kept: the reports keep a sample per property; ${rerun})`;
  return undefined;
}

/** The detail block of a scenario that did not come out as expected. */
function failingScenarioLines(scenario: ScenarioReport, colours: Colours): string[] {
  const lines = [`${colours.red('✗')} ${colours.bold(terminalSafeText(scenario.name, 120))}: ${describeOutcome(scenario)}`];
  const shown = scenario.violations.slice(0, TERMINAL_VIOLATIONS_PER_SCENARIO);
  for (const violation of shown) lines.push(...violationLines(violation, colours));
  const hiddenLine = hiddenViolationsLine(scenario, shown.length);
  if (hiddenLine !== undefined) lines.push(colours.dim(`    ${hiddenLine}`));
  lines.push(`    scenario replay: ${colours.cyan(terminalSafeText(scenario.replay, 1000))}`);
  return lines;
}

/** Renders the campaign summary for a terminal or a CI log; ends with a newline. */
export function renderTerminalSummary(report: CampaignReport, options: TerminalSummaryOptions = {}): string {
  const colours = picocolors.createColors(options.colour === true);
  const shownScenarios = report.scenarios.slice(0, TERMINAL_SCENARIO_LINES_MAX);
  const nameWidth = Math.min(NAME_COLUMN_MAX_CHARACTERS, Math.max(8, ...shownScenarios.map((scenario) => [...terminalSafeText(scenario.name, NAME_COLUMN_MAX_CHARACTERS)].length)));
  const lines = [headerLine(report, colours), ...shownScenarios.map((scenario) => scenarioLine(scenario, nameWidth, colours))];
  if (report.scenarios.length > shownScenarios.length) lines.push(colours.dim(`  (${report.scenarios.length - shownScenarios.length} more scenarios not shown)`));
  lines.push(countsLine(report));
  const tally = tallyScenarios(report);
  for (const scenario of tally.failing.slice(0, TERMINAL_SCENARIO_LINES_MAX)) lines.push('', ...failingScenarioLines(scenario, colours));
  lines.push('');
  lines.push(
    report.verdict === 'pass'
      ? colours.green(colours.bold(`PASS: ${tally.asExpected} of ${tally.total} scenarios came out as expected`))
      : colours.red(colours.bold(`FAIL: ${tally.failing.length} of ${tally.total} scenarios did not come out as expected`)),
  );
  lines.push(`seed ${report.seed} · replay the campaign: ${colours.cyan(terminalSafeText(report.replay, 1000))}`);
  return `${lines.join('\n')}\n`;
}
