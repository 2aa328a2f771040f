/**
 * `unplug merge-reports <dir>... [--out DIR] [--json]`: joins the report.json
 * files of the shards of one campaign into one report and prints it as
 * `unplug crash` would have unsharded (terminal summary, or `--json`), writes
 * report.json, junit.xml and report.html with `--out`, and exits as the
 * campaign would have: 0 every verdict as expected, 1 one differs, 2 when the
 * reports are not the shards of one campaign (the message says why).
 */
import { writeGithubAnnotations } from '../../../reports/github/github-annotations.js';
import { MergeError, mergeShardReports, MERGE_SHARDS_MAX } from '../../../reports/merge/merge-reports.js';
import { readShardReport } from '../../../reports/merge/read-shard-reports.js';
import { renderJsonReport } from '../../../reports/render-json.js';
import { renderTerminalSummary } from '../../../reports/render-terminal.js';
import { writeReportFiles } from '../../../reports/write-report-files.js';
import { EXIT_CODES, UsageError } from '../exit-codes.js';
import { parseCommandArguments } from '../parse-arguments.js';
import { checkOutputDirectory } from '../path-checks.js';

const HELP = `usage: unplug merge-reports <dir|report.json>... [--out DIR] [--json]

Joins the reports of the shards of one campaign (each run with --shard i/n and
the same --seed, and written with --out DIR) into the report of the whole
campaign, and exits as the unsharded campaign would have. Refuses reports of
different campaigns (seed, command, engine, scenarios, shard count) and a shard
given twice or missing.

options:
  --out DIR    write report.json, junit.xml and report.html of the merged campaign
  --json       print the merged JSON document on stdout and nothing else there
  -h, --help   this help

exit codes: 0 every verdict as expected, 1 a verdict differs, 2 bad usage or reports that do not merge
`;

const FLAGS = {
  out: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs `unplug merge-reports`. */
export async function runMergeReportsCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArguments('merge-reports', argv, FLAGS, true);
  if (values.help === true) {
    process.stdout.write(HELP);
    return EXIT_CODES.ok;
  }
  if (positionals.length === 0) throw new UsageError("unplug merge-reports: give the shards' report directories (see 'unplug merge-reports --help')");
  if (positionals.length > MERGE_SHARDS_MAX) throw new UsageError(`unplug merge-reports: ${positionals.length} reports, more than the limit of ${MERGE_SHARDS_MAX}`);
  // Checked before any reading: a recursive mkdir under /proc never returns, a file is no directory.
  const out = values.out === undefined ? undefined : checkOutputDirectory('unplug merge-reports: --out', values.out);
  let merged;
  try {
    merged = mergeShardReports(positionals.map(readShardReport));
  } catch (error) {
    if (error instanceof MergeError) throw new UsageError(`unplug merge-reports: ${error.message}`);
    throw error;
  }
  const written = out === undefined ? [] : writeReportFiles(merged, out);
  if (values.json === true) process.stdout.write(renderJsonReport(merged));
  else {
    process.stdout.write(renderTerminalSummary(merged, { colour: process.stdout.isTTY === true }));
    if (written.length > 0) process.stdout.write(`reports: ${written.join(', ')}\n`);
  }
  writeGithubAnnotations(merged);
  return merged.verdict === 'pass' ? EXIT_CODES.ok : EXIT_CODES.verdictDiffers;
}
