/**
 * GitHub Actions workflow commands for violations, so they show on the run's
 * summary page and in the pull request. One line per shown violation (the
 * bounded sample a report keeps) and one per scenario that did not come out as
 * expected without violations (an undetected defect):
 *
 *   ::error file=<engine script>,title=unplug <property> in <scenario>::<message>%0Areplay: <line>
 *
 * `file=` is the engine's script when the engine is a script path (the
 * reference engine has none). Data escapes %, CR and LF; property values also
 * escape ':' and ','. Printed only when `GITHUB_ACTIONS` is `true`.
 */
import type { CampaignReport } from '../report-types.js';
import { describeOutcome, scenarioAsExpected } from '../scenario-outcome.js';

/** The most annotation lines one report prints: GitHub shows only the first few anyway. */
export const GITHUB_ANNOTATIONS_MAX = 50;

/** True when running as a GitHub Actions step. */
export function underGithubActions(env: NodeJS.ProcessEnv = process.env): boolean {
  return env['GITHUB_ACTIONS'] === 'true';
}

/** The `::error` lines for the report's violations and undetected defects. */
export function githubAnnotations(report: CampaignReport): string[] {
  const file = engineScript(report.engine);
  const lines: string[] = [];
  for (const scenario of report.scenarios) {
    if (scenarioAsExpected(scenario)) continue;
    if (scenario.violations.length === 0) {
      lines.push(command({ ...file, title: `unplug: ${scenario.name} not as expected` }, `${describeOutcome(scenario)}\nreplay: ${scenario.replay}`));
      continue;
    }
    for (const violation of scenario.violations) {
      lines.push(command({ ...file, title: `unplug ${violation.property} in ${scenario.name}` }, `${violation.message}\nreplay: ${violation.replay}`));
    }
  }
  return lines.slice(0, GITHUB_ANNOTATIONS_MAX);
}

/** Writes the annotations to stderr (stdout may be a JSON document) when under GitHub Actions. */
export function writeGithubAnnotations(report: CampaignReport, env: NodeJS.ProcessEnv = process.env): void {
  if (!underGithubActions(env)) return;
  for (const line of githubAnnotations(report)) process.stderr.write(`${line}\n`);
}

function command(properties: Readonly<Record<string, string>>, message: string): string {
  const list = Object.entries(properties).map(([key, value]) => `${key}=${escapeProperty(value)}`).join(',');
  return `::error ${list}::${escapeData(message)}`;
}

function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** `{ file }` for an engine command whose script is a relative path; nothing otherwise. */
function engineScript(engine: string): { file?: string } {
  const script = engine.split(/\s+/).find((part) => /\.(m|c)?[jt]s$/.test(part));
  return script === undefined || script.startsWith('/') ? {} : { file: script.replace(/^['"]|['"]$/g, '') };
}
