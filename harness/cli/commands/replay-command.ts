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
import { applyOverrides, parseFaultOptions, parseMetadataOption } from '../../campaign/campaign-overrides.js';
import { metadataSelectionOf } from '../../crash-state/metadata-models.js';
import { CrashStateError } from '../../crash-state/crash-state-error.js';
import { engineCommandProblem } from '../../engine-client/engine-command-check.js';
import { cleanupEverything } from '../../engine-client/process-registry.js';
import { formatCommandLine, parseReplayTarget, ReplayTargetError, type ReplayTarget } from '../../core/replay-target.js';
import { replayViolation } from '../../runner/replay/replay-violation.js';
import { WORKLOAD_LIMITS } from '../../workload/workload-types.js';
import { EXIT_CODES, UsageError } from '../exit-codes.js';
import { parseCommandArguments, parseIntegerOption, parseSeedOption, parseSegmentSizeOption } from '../parse-arguments.js';
import { checkReplayTarget } from './check-replay-target.js';

const HELP = `usage: unplug replay --scenario NAME --seed N (--path P --boundary B --model M [--mask X] | --run R --cycle C | --archive-run R [--boundary B --model M]) [options]

Reproduces a violation from the replay line a report printed.
  explore violations: --path (fast-check counterexample path), --boundary (operation
                      index), --model (crash model), --mask (surviving writes): exact;
                      --recovery-boundary/-model/-mask: a crash in the recovery run from there
  live violations:    --run and --cycle: reruns that seeded run up to that cycle
                      (live scenarios only; --run below the scenario's runs or --runs);
                      --kills C:N,...: cycle C killed once its trace held N operations
                      (a wall-clock kill where it came, or a shrunk kill point)
  archive violations: --archive-run (and --boundary, --model for one crash point): reruns that seeded run
options:
  --engine "CMD", --shim KIND, --fault NAME, --clients N, --runs N
                                              as given to the original campaign
  --metadata strict|ext4-ordered|both         the metadata model the line names
  --segment-size SIZE                         the reference engine's WAL segment size the line names
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
  'recovery-boundary': { type: 'string' },
  'recovery-model': { type: 'string' },
  'recovery-mask': { type: 'string' },
  run: { type: 'string' },
  cycle: { type: 'string' },
  kills: { type: 'string' },
  'archive-run': { type: 'string' },
  engine: { type: 'string' },
  shim: { type: 'string' },
  metadata: { type: 'string' },
  'segment-size': { type: 'string' },
  fault: { type: 'string', multiple: true },
  clients: { type: 'string' },
  runs: { type: 'string' },
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
  // Seeds are 32-bit: a larger one is refused here, as by the campaign, not silently wrapped.
  const seed = parseSeedOption(String(target.seed), 0);
  const engineProblem = values.engine === undefined ? undefined : engineCommandProblem(values.engine, process.cwd());
  if (engineProblem !== undefined) throw new UsageError(`--engine '${values.engine ?? ''}': ${engineProblem}`);
  const faults = parseFaultOptions(values.fault ?? []);
  const clients = values.clients === undefined ? undefined : parseIntegerOption('clients', values.clients, 1, 1, WORKLOAD_LIMITS.clientsMax);
  const shim = parseShimOption(values.shim);
  const metadata = parseMetadataOption(values.metadata);
  const segmentSizeBytes = parseSegmentSizeOption(values['segment-size']);
  const scenario = applyOverrides(named, { ...(shim === undefined ? {} : { shim }), ...(metadata === undefined ? {} : { metadata }), ...(segmentSizeBytes === undefined ? {} : { segmentSizeBytes }), ...(values.engine === undefined ? {} : { engineCommand: values.engine }), ...(faults === undefined ? {} : { faults }), ...(clients === undefined ? {} : { clients }) });
  const replayFlags: [string, string][] = [
    ...(values.engine === undefined ? [] : [['engine', values.engine] as [string, string]]),
    ...(shim === undefined ? [] : [['shim', shim] as [string, string]]),
    ...(metadata === undefined ? [] : [['metadata', metadataSelectionOf(metadata)] as [string, string]]),
    ...(segmentSizeBytes === undefined ? [] : [['segment-size', String(values['segment-size']).trim()] as [string, string]]),
    ...(values.fault ?? []).map((fault): [string, string] => ['fault', fault]),
    ...(clients === undefined ? [] : [['clients', String(clients)] as [string, string]]),
    ...(values.runs === undefined ? [] : [['runs', values.runs] as [string, string]]),
  ];
  checkReplayTarget(scenario, target, values.runs);

  let report: ScenarioReport | undefined;
  try {
    try {
      report = await replayViolation(scenario, target, replayFlags);
    } catch (error) {
      // A mask that parses but does not fit the rebuilt crash point is a bad --mask, not a harness failure.
      if (error instanceof CrashStateError && error.code.startsWith('MASK_')) throw new UsageError(`--mask '${values.mask ?? ''}' does not fit boundary ${values.boundary ?? ''} under ${values.model ?? ''}: ${error.detail}`);
      throw error;
    }
    if (report === undefined) throw new UsageError(`--boundary ${values.boundary ?? ''} is past the end of the replayed trace`);
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
  const order = ['scenario', 'seed', 'path', 'boundary', 'model', 'mask', 'recovery-boundary', 'recovery-model', 'recovery-mask', 'run', 'cycle', 'kills', 'archive-run', 'engine', 'shim', 'metadata', 'segment-size', 'clients', 'runs'];
  const pairs: [string, string][] = order.filter((flag) => typeof values[flag] === 'string').map((flag) => [flag, values[flag] as string]);
  for (const fault of (values['fault'] as string[] | undefined) ?? []) pairs.push(['fault', fault]);
  return pairs;
}
