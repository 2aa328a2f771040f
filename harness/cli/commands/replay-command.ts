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
import { isCrashModel } from '../../crash-state/crash-models.js';
import { parsePersistenceMask } from '../../crash-state/persistence-mask-format.js';
import { cleanupEverything } from '../../engine-client/process-registry.js';
import { runArchiveScenario } from '../../runner/archive/archive-scenario.js';
import { runLiveScenario } from '../../runner/live-scenario.js';
import { formatCommandLine } from '../../runner/replay-command-line.js';
import { replayExplore } from '../../runner/replay-explore.js';
import { EXIT_CODES, UsageError } from '../exit-codes.js';
import { parseCommandArguments, parseIntegerOption } from '../parse-arguments.js';

const HELP = `usage: unplug replay --scenario NAME --seed N (--path P --boundary B --model M [--mask X] | --run R --cycle C) [options]

Reproduces a violation from the replay line a report printed.
  explore violations: --path (fast-check counterexample path), --boundary (operation
                      index), --model (crash model), --mask (surviving writes): exact
  live violations:    --run and --cycle: reruns that seeded run up to that cycle
  archive violations: --run (and --boundary, --model for a crash point): reruns that seeded run
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
  if (values.scenario === undefined || values.seed === undefined) throw new UsageError("unplug replay: --scenario and --seed are required (see 'unplug replay --help')");
  const named = SCENARIOS.find((scenario) => scenario.name === values.scenario);
  if (named === undefined) throw new UsageError(`unplug replay: unknown scenario '${values.scenario}'`);
  const seed = parseIntegerOption('seed', values.seed, 0);
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
    if (scenario.mode === 'archive') {
      // Archive scenarios replay one seeded run (and, for coverage, one crash point under one model).
      if (values.run === undefined) throw new UsageError('unplug replay: an archive scenario needs --run (and --boundary/--model for a crash point)');
      if (values.model !== undefined && values.model !== 'power-loss' && values.model !== 'process-crash') {
        throw new UsageError(`unplug replay: --model of an archive scenario must be power-loss or process-crash, got '${values.model}'`);
      }
      report = await runArchiveScenario(scenario, { seed, replayFlags }, {
        runIndex: parseIntegerOption('run', values.run, 0),
        ...(values.boundary === undefined ? {} : { boundary: parseIntegerOption('boundary', values.boundary, 0) }),
        ...(values.model === undefined ? {} : { model: values.model }),
      });
    } else if (values.path !== undefined) {
      if (values.boundary === undefined || values.model === undefined) throw new UsageError('unplug replay: --path needs --boundary and --model');
      if (!isCrashModel(values.model)) throw new UsageError(`unplug replay: --model must be a crash model, got '${values.model}'`);
      let mask;
      try {
        mask = values.mask === undefined ? undefined : parsePersistenceMask(values.mask);
      } catch (error) {
        throw new UsageError(`unplug replay: --mask: ${error instanceof Error ? error.message : String(error)}`);
      }
      report = await replayExplore(scenario, {
        seed,
        path: values.path,
        boundary: parseIntegerOption('boundary', values.boundary, 0),
        model: values.model,
        ...(mask === undefined ? {} : { mask }),
        replayFlags,
      });
      if (report === undefined) throw new UsageError(`unplug replay: the replayed trace has no operation boundary ${values.boundary}`);
    } else {
      if (values.run === undefined || values.cycle === undefined) throw new UsageError('unplug replay: give --path/--boundary/--model (explore) or --run/--cycle (live)');
      report = await runLiveScenario(scenario, { seed, replayFlags }, { runIndex: parseIntegerOption('run', values.run, 0), lastCycle: parseIntegerOption('cycle', values.cycle, 0) });
    }
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
  const order = ['scenario', 'seed', 'path', 'boundary', 'model', 'mask', 'run', 'cycle', 'engine', 'shim', 'clients'];
  const pairs: [string, string][] = order.filter((flag) => typeof values[flag] === 'string').map((flag) => [flag, values[flag] as string]);
  for (const fault of (values['fault'] as string[] | undefined) ?? []) pairs.push(['fault', fault]);
  return pairs;
}
