/**
 * `unplug replay`: reproduces one reported violation. An explore violation is
 * replayed exactly (`--path --boundary --model --mask`); a live one reruns the
 * same seeded run up to the named cycle (`--run --cycle`).
 */
import { parseShimOption } from '../../native/choose-shim.js';
import { SCENARIOS } from '../../../scenarios/index.js';
import type { CampaignReport, ScenarioReport } from '../../../reports/report-types.js';
import { renderJsonReport } from '../../../reports/render-json.js';
import { renderTerminalSummary } from '../../../reports/render-terminal.js';
import { meetsExpectation } from '../../campaign/scenario-expectation.js';
import { applyOverrides, parseFaultOptions } from '../../campaign/campaign-overrides.js';
import { cleanupEverything } from '../../engine-client/process-registry.js';
import { formatCommandLine, parseReplayTarget, ReplayTargetError, type ReplayTarget } from '../../core/replay-target.js';
import { replayViolation } from '../../runner/replay/replay-violation.js';
import { EXIT_CODES, UsageError } from '../exit-codes.js';
import { parseCommandArguments, parseIntegerOption } from '../parse-arguments.js';

const HELP = `usage: unplug replay --scenario NAME --seed N (--path P --boundary B --model M [--mask X] | --run R --cycle C | --archive-run R [--boundary B --model M]) [options]

Reproduces a violation from the replay line a report printed.
  explore violations: --path (fast-check counterexample path), --boundary (operation
                      index), --model (crash model), --mask (surviving writes): exact
  live violations:    --run and --cycle: reruns that seeded run up to that cycle
  archive violations: --archive-run (and --boundary, --model for one crash point): reruns that seeded run
options:
  --engine "CMD", --shim KIND, --fault NAME, --clients N   as given to the original campaign
  --json                                      print one JSON document
  -h, --help                                  this help
`;

const FLAGS = {
  scenario: { type: 'string' },
  seed: { type: 'string' },
  path: { type: 'string' },
  boundary: { type: 'string' },
  model: { type: 'string' },
  mask: { type: 'string' },
  run: { type: 'string' },
  cycle: { type: 'string' },
  'archive-run': { type: 'string' },
  engine: { type: 'string' },
  shim: { type: 'string' },
  fault: { type: 'string', multiple: true },
  clients: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs `unplug replay`. */
export async function runReplayCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseCommandArguments('replay', argv, FLAGS);
  if (values.help === true) {
    process.stdout.write(HELP);
    return EXIT_CODES.ok;
  }
  let target: ReplayTarget;
  try {
    target = parseReplayTarget(values);
  } catch (error) {
    if (error instanceof ReplayTargetError) throw new UsageError(`unplug replay: ${error.message} (see 'unplug replay --help')`);
    throw error;
  }
  const named = SCENARIOS.find((scenario) => scenario.name === target.scenario);
  if (named === undefined) throw new UsageError(`unplug replay: unknown scenario '${target.scenario}'`);
  const { seed } = target;
  const faults = parseFaultOptions(values.fault ?? []);
  const clients = values.clients === undefined ? undefined : parseIntegerOption('clients', values.clients, 1, 1);
  const shim = parseShimOption(values.shim);
  const scenario = applyOverrides(named, { ...(shim === undefined ? {} : { shim }), ...(values.engine === undefined ? {} : { engineCommand: values.engine }), ...(faults === undefined ? {} : { faults }), ...(clients === undefined ? {} : { clients }) });
  const replayFlags: [string, string][] = [
    ...(values.engine === undefined ? [] : [['engine', values.engine] as [string, string]]),
    ...(shim === undefined ? [] : [['shim', shim] as [string, string]]),
    ...(values.fault ?? []).map((fault): [string, string] => ['fault', fault]),
    ...(clients === undefined ? [] : [['clients', String(clients)] as [string, string]]),
  ];

  let report: ScenarioReport | undefined;
  try {
    report = await replayViolation(scenario, target, replayFlags);
    if (report === undefined) throw new UsageError(`unplug replay: the replayed trace has no operation boundary ${values.boundary}`);
  } finally {
    cleanupEverything();
  }
  const seconds = Math.max(report.durationMs, 1) / 1000;
  const campaign: CampaignReport = {
    tool: 'unplug',
    command: 'replay',
    seed,
    verdict: meetsExpectation(report) ? 'pass' : 'fail',
    scenarios: [report],
    counts: report.counts,
    rates: { crashesPerSecond: Math.round((report.counts.crashes / seconds) * 10) / 10, crashStatesPerSecond: Math.round((report.counts.crashStates / seconds) * 10) / 10 },
    durationMs: report.durationMs,
    engine: values.engine ?? 'reference',
    replay: formatCommandLine('replay', argvPairs(values)),
  };
  process.stdout.write(values.json === true ? renderJsonReport(campaign) : renderTerminalSummary(campaign, { colour: process.stdout.isTTY === true }));
  if (values.json !== true) for (const violation of report.violations) process.stdout.write(`${violation.property}: ${violation.message}\n`);
  return campaign.verdict === 'pass' ? EXIT_CODES.ok : EXIT_CODES.verdictDiffers;
}

/** The replay flags as given, in a fixed order, to print the line that reruns this replay. */
function argvPairs(values: Readonly<Record<string, unknown>>): [string, string][] {
  const order = ['scenario', 'seed', 'path', 'boundary', 'model', 'mask', 'run', 'cycle', 'archive-run', 'engine', 'shim', 'clients'];
  const pairs: [string, string][] = order.filter((flag) => typeof values[flag] === 'string').map((flag) => [flag, values[flag] as string]);
  for (const fault of (values['fault'] as string[] | undefined) ?? []) pairs.push(['fault', fault]);
  return pairs;
}
