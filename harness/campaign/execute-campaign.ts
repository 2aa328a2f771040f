/**
 * Runs a parsed campaign command end to end: progress, the report on stdout
 * (the JSON document alone with `--json`, the terminal summary otherwise), the
 * report files with `--out`, what a time budget cut short, and the exit code
 * of docs/reports.md.
 */
import { formatBudgetLine } from '../recovery-pool/budget-report.js';
import type { CampaignReport } from '../../reports/report-types.js';
import { renderJsonReport } from '../../reports/render-json.js';
import { renderTerminalSummary } from '../../reports/render-terminal.js';
import { writeReportFiles } from '../../reports/write-report-files.js';
import { writeGithubAnnotations } from '../../reports/github/github-annotations.js';
import { EXIT_CODES, type ExitCode } from '../cli/exit-codes.js';
import { handleInterruption } from '../cli/interruption.js';
import { cleanupEverything } from '../engine-client/process-registry.js';
import { formatCommandLine } from '../core/replay-target.js';
import { coverageOf } from '../core/scenario-coverage.js';
import type { RunMode } from '../core/scenario.js';
import { formatShard, type CampaignArguments } from './campaign-arguments.js';
import { createCampaignProgress } from './campaign-progress.js';
import { runCampaign } from './run-campaign.js';

/** The command that reruns this campaign. */
function campaignReplay(command: 'crash' | 'explore', parsed: CampaignArguments): string {
  const flags: (readonly [string, string | number | undefined])[] = [
    ...parsed.scenarios.map((scenario): [string, string] => ['scenario', scenario.name]),
    ['seed', parsed.seed],
    // The budget is part of what the campaign did: a budget cut changes what it checked.
    ['time', parsed.time],
    ['shard', parsed.shard === undefined ? undefined : formatShard(parsed.shard)],
    ...parsed.replayFlags,
  ];
  return formatCommandLine(command, flags);
}

/**
 * One line per thing a time budget cut short, for the terminal: a verdict of
 * "durable" only covers what was checked, and the reader must see how much that was.
 */
export function coverageNoteLines(report: CampaignReport): string[] {
  return report.scenarios.flatMap((scenario) => (coverageOf(scenario)?.notes ?? []).map((note) => `note: ${scenario.name}: ${note}`));
}

/** Runs the campaign and prints it; returns the exit code. */
export async function executeCampaign(command: 'crash' | 'explore', parsed: CampaignArguments, mode?: RunMode): Promise<ExitCode> {
  const progress = createCampaignProgress(parsed.scenarios.length);
  const interruption = handleInterruption(
    command,
    () => {
      const totals = progress.totals();
      return `after ${totals.runs} runs, ${totals.crashes} crashes, ${totals.crashStates} crash states (seed ${parsed.seed}); rerun: ${campaignReplay(command, parsed)}`;
    },
    () => progress.stop(),
  );
  let report: CampaignReport;
  try {
    report = await runCampaign({
      command,
      scenarios: parsed.scenarios,
      seed: parsed.seed,
      ...(mode === undefined ? {} : { mode }),
      ...(parsed.runs === undefined ? {} : { runs: parsed.runs }),
      ...(parsed.timeBudgetMs === undefined ? {} : { timeBudgetMs: parsed.timeBudgetMs }),
      ...(parsed.shard === undefined ? {} : { shard: parsed.shard }),
      replayFlags: parsed.replayFlags,
      jobs: parsed.jobs,
      budgetReport: parsed.budgetReport,
      ...(parsed.reopen ? {} : { reopen: false }),
      engineLabel: parsed.engineCommand ?? 'reference',
      replay: campaignReplay(command, parsed),
      onScenarioStart: (scenario, index) => progress.scenarioStarted(scenario, index),
      onProgress: (scenario, counts) => progress.update(scenario, counts),
    });
  } finally {
    progress.stop();
    interruption.dispose();
    // Whatever happened, nothing this campaign started outlives it.
    cleanupEverything();
  }
  // The verdict is printed before the files are written: a directory that became unusable mid-run must not lose it.
  if (parsed.json) process.stdout.write(renderJsonReport(report));
  else {
    process.stdout.write(renderTerminalSummary(report, { colour: process.stdout.isTTY === true }));
    for (const line of coverageNoteLines(report)) process.stdout.write(`${line}\n`);
    if (report.budget !== undefined) process.stdout.write(`${formatBudgetLine(report.budget)}\n`);
  }
  writeGithubAnnotations(report);
  const verdictCode = report.verdict === 'pass' ? EXIT_CODES.ok : EXIT_CODES.verdictDiffers;
  if (parsed.outDirectory === undefined) return verdictCode;
  try {
    const written = writeReportFiles(report, parsed.outDirectory);
    if (!parsed.json) process.stdout.write(`reports: ${written.join(', ')}\n`);
    return verdictCode;
  } catch (error) {
    process.stderr.write(`unplug ${command}: could not write the reports into '${parsed.outDirectory}': ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_CODES.infrastructure;
  }
}
