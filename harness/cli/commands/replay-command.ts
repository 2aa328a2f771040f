/**
 * `unplug replay`: reproduces one reported violation. An explore violation is
 * replayed exactly (`--path --boundary --model --mask`); a live one reruns the
 * same seeded run up to the named cycle (`--run --cycle`).
 */
import { SCENARIOS } from '../../../scenarios/index.js';
import type { CampaignReport, ScenarioReport } from '../../../reports/report-types.js';
import { renderJsonReport } from '../../../reports/render-json.js';
import { renderTerminalSummary } from '../../../reports/render-terminal.js';
import { meetsExpectation } from '../../campaign/scenario-expectation.js';
import { applyOverrides, parseFaultOptions } from '../../campaign/campaign-overrides.js';
import { CAMPAIGN_LIMITS } from '../../campaign/campaign-arguments.js';
import { isCrashModel } from '../../crash-state/crash-models.js';
import { CrashStateError } from '../../crash-state/crash-state-error.js';
import { parsePersistenceMask } from '../../crash-state/persistence-mask-format.js';
import { engineCommandProblem } from '../../engine-client/engine-command-check.js';
import { cleanupEverything } from '../../engine-client/process-registry.js';
import { repositoryRoot } from '../../engine-client/repository-root.js';
import { runLiveScenario } from '../../runner/live-scenario.js';
import { formatCommandLine } from '../../runner/replay-command-line.js';
import { replayExplore, workloadAtPath } from '../../runner/replay-explore.js';
import type { Scenario } from '../../runner/scenario.js';
import { WORKLOAD_LIMITS } from '../../workload/workload-types.js';
import { EXIT_CODES, UsageError } from '../exit-codes.js';
import { parseCommandArguments, parseIntegerOption, parseSeedOption } from '../parse-arguments.js';

const HELP = `usage: unplug replay --scenario NAME --seed N (--path P --boundary B --model M [--mask X] | --run R --cycle C) [options]

Reproduces a violation from the replay line a report printed.
  explore violations: --path (fast-check counterexample path), --boundary (operation
                      index), --model (crash model), --mask (surviving writes): exact
  live violations:    --run and --cycle: reruns that seeded run up to that cycle
                      (live scenarios only; --run below the scenario's runs or --runs)
options:
  --engine "CMD", --fault NAME, --clients N, --runs N   as given to the original campaign
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
  if (values.scenario === undefined || values.seed === undefined) throw new UsageError("unplug replay: --scenario and --seed are required (see 'unplug replay --help')");
  const named = SCENARIOS.find((scenario) => scenario.name === values.scenario);
  if (named === undefined) throw new UsageError(`unplug replay: unknown scenario '${values.scenario}'`);
  const seed = parseSeedOption(values.seed, 0);
  const engineProblem = values.engine === undefined ? undefined : engineCommandProblem(values.engine, repositoryRoot());
  if (engineProblem !== undefined) throw new UsageError(`--engine '${values.engine ?? ''}': ${engineProblem}`);
  const faults = parseFaultOptions(values.fault ?? []);
  const clients = values.clients === undefined ? undefined : parseIntegerOption('clients', values.clients, 1, 1, WORKLOAD_LIMITS.clientsMax);
  const scenario = applyOverrides(named, { ...(values.engine === undefined ? {} : { engineCommand: values.engine }), ...(faults === undefined ? {} : { faults }), ...(clients === undefined ? {} : { clients }) });
  const replayFlags: [string, string][] = [
    ...(values.engine === undefined ? [] : [['engine', values.engine] as [string, string]]),
    ...(values.fault ?? []).map((fault): [string, string] => ['fault', fault]),
    ...(clients === undefined ? [] : [['clients', String(clients)] as [string, string]]),
    ...(values.runs === undefined ? [] : [['runs', values.runs] as [string, string]]),
  ];
  const target = replayTarget(scenario, seed, values);

  let report: ScenarioReport | undefined;
  try {
    if (target.kind === 'explore') {
      try {
        report = await replayExplore(scenario, { seed, path: target.path, boundary: target.boundary, model: target.model, ...(target.mask === undefined ? {} : { mask: target.mask }), replayFlags });
      } catch (error) {
        // A mask that parses but does not fit the rebuilt crash point is a bad --mask, not a harness failure.
        if (error instanceof CrashStateError && error.code.startsWith('MASK_')) throw new UsageError(`--mask '${values.mask ?? ''}' does not fit boundary ${target.boundary} under ${target.model}: ${error.detail}`);
        throw error;
      }
      if (report === undefined) throw new UsageError(`--boundary ${target.boundary} is past the end of the replayed trace`);
    } else {
      report = await runLiveScenario(scenario, { seed, replayFlags }, { runIndex: target.runIndex, lastCycle: target.lastCycle });
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
  const order = ['scenario', 'seed', 'path', 'boundary', 'model', 'mask', 'run', 'cycle', 'engine', 'clients', 'runs'];
  const pairs: [string, string][] = order.filter((flag) => typeof values[flag] === 'string').map((flag) => [flag, values[flag] as string]);
  for (const fault of (values['fault'] as string[] | undefined) ?? []) pairs.push(['fault', fault]);
  return pairs;
}

/** What a replay reproduces, checked against the scenario before any work starts. */
type ReplayTarget =
  | { readonly kind: 'explore'; readonly path: string; readonly boundary: number; readonly model: Parameters<typeof replayExplore>[1]['model']; readonly mask?: Parameters<typeof replayExplore>[1]['mask'] }
  | { readonly kind: 'live'; readonly runIndex: number; readonly lastCycle: number };

/** The flags of one replay target kind, to refuse mixing them. */
const EXPLORE_TARGET_FLAGS = Object.freeze(['path', 'boundary', 'model', 'mask'] as const);
const LIVE_TARGET_FLAGS = Object.freeze(['run', 'cycle'] as const);

/** The largest shrink step a path may take: fast-check's shrink streams are far shorter; a typo must not walk for hours. */
const SHRINK_STEP_MAX = 100_000;

/** A fast-check counterexample path: colon-separated non-negative integers. */
const COUNTEREXAMPLE_PATH_PATTERN = /^\d{1,9}(:\d{1,9}){0,9999}$/;

/**
 * Validates the replay flags against the scenario (its mode, its runs and
 * cycles, the workload's counterexample path) and returns the typed target.
 * Every problem is a `UsageError` naming the flag: a replay of something the
 * campaign could not have reported would print a false verdict.
 */
function replayTarget(scenario: Scenario, seed: number, values: Readonly<Record<string, string | string[] | boolean | undefined>>): ReplayTarget {
  const given = (flags: readonly string[]): string[] => flags.filter((flag) => values[flag] !== undefined).map((flag) => `--${flag}`);
  // A campaign's runs are its scenario's budget unless it gave --runs (which its replay lines then carry).
  const runs = parseIntegerOption('runs', values['runs'] as string | undefined, scenario.budget.runs, 1, CAMPAIGN_LIMITS.runsMax);
  const exploreGiven = given(EXPLORE_TARGET_FLAGS);
  const liveGiven = given(LIVE_TARGET_FLAGS);
  if (exploreGiven.length > 0 && liveGiven.length > 0) throw new UsageError(`${exploreGiven.join(' ')} (explore) and ${liveGiven.join(' ')} (live) cannot be combined; give the flags of the replay line as printed`);
  if (liveGiven.length > 0) {
    if (scenario.mode !== 'live') throw new UsageError(`${liveGiven.join(' ')} replay a live violation, but scenario '${scenario.name}' runs in explore mode (its replay lines use --path --boundary --model --mask)`);
    if (values['run'] === undefined || values['cycle'] === undefined) throw new UsageError('--run and --cycle are both needed to replay a live violation');
    const cycles = scenario.budget.cyclesPerRun ?? 3;
    return {
      kind: 'live',
      runIndex: parseIntegerOption('run', values['run'] as string, 0, 0, runs - 1),
      lastCycle: parseIntegerOption('cycle', values['cycle'] as string, 0, 0, cycles - 1),
    };
  }
  const path = values['path'] as string | undefined;
  const boundary = values['boundary'] as string | undefined;
  const model = values['model'] as string | undefined;
  if (path === undefined || boundary === undefined || model === undefined) throw new UsageError("give --path, --boundary and --model (explore) or --run and --cycle (live), as the replay line printed them (see 'unplug replay --help')");
  if (!isCrashModel(model)) throw new UsageError(`--model must be a crash model, got '${model}'`);
  if (!COUNTEREXAMPLE_PATH_PATTERN.test(path)) throw new UsageError(`--path must be a counterexample path like 0:1:2, got '${path.slice(0, 80)}'`);
  // The first step is the run index (fast-check generates that many workloads to reach it); the rest are shrink steps.
  const [runStep = 0, ...shrinkSteps] = path.split(':').map(Number);
  if (runStep >= runs) throw new UsageError(`--path '${path.slice(0, 80)}' starts at run ${runStep}, but the campaign had ${runs} runs (give --runs as the campaign did)`);
  if (shrinkSteps.some((step) => step > SHRINK_STEP_MAX)) throw new UsageError(`--path '${path.slice(0, 80)}' has a shrink step above ${SHRINK_STEP_MAX}`);
  try {
    workloadAtPath(scenario, seed, path);
  } catch {
    throw new UsageError(`--path '${path.slice(0, 80)}' is not a counterexample path of scenario '${scenario.name}' at seed ${seed}`);
  }
  const rawMask = values['mask'] as string | undefined;
  let mask;
  try {
    mask = rawMask === undefined ? undefined : parsePersistenceMask(rawMask);
  } catch (error) {
    throw new UsageError(`--mask: ${error instanceof CrashStateError ? error.detail : String(error)}`);
  }
  return { kind: 'explore', path, boundary: parseIntegerOption('boundary', boundary, 0), model, ...(mask === undefined ? {} : { mask }) };
}
