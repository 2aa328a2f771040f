/**
 * The flags shared by `unplug crash` and `unplug explore`, parsed into plain
 * options. Every bad value is a `UsageError` naming it (exit 2).
 */
import { randomInt } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { JOBS_LIMIT } from '../recovery-pool/ordered-pool.js';
import { UsageError } from '../cli/exit-codes.js';
import { parseCommandArguments, parseDurationOption, parseIntegerOption, parseSeedOption, parseSegmentSizeOption } from '../cli/parse-arguments.js';
import { checkOutputDirectory } from '../cli/path-checks.js';
import { engineCommandProblem } from '../engine-client/engine-command-check.js';
import { WORKLOAD_LIMITS } from '../workload/workload-types.js';
import type { Scenario } from '../core/scenario.js';
import type { CampaignShard } from '../core/scenario-run-types.js';
import { parseFaultOptions, parseMetadataOption, selectScenarios } from './campaign-overrides.js';
import { metadataSelectionOf } from '../crash-state/metadata-models.js';
import { parseShimOption } from '../native/choose-shim.js';

/** The flags of the campaign commands, for `node:util.parseArgs`. */
export const CAMPAIGN_FLAGS = {
  scenario: { type: 'string', multiple: true },
  engine: { type: 'string' },
  shim: { type: 'string' },
  metadata: { type: 'string' },
  'segment-size': { type: 'string' },
  fault: { type: 'string', multiple: true },
  runs: { type: 'string' },
  time: { type: 'string' },
  seed: { type: 'string' },
  clients: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'boolean' },
  shard: { type: 'string' },
  jobs: { type: 'string' },
  'budget-report': { type: 'boolean' },
  'no-reopen': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Limits on campaign flags: a typo must not start a week-long run. */
export const CAMPAIGN_LIMITS = Object.freeze({ runsMax: 1_000_000, timeMsMax: 7 * 24 * 3600 * 1000, shardCountMax: 10_000 });

/** A parsed campaign command line. */
export interface CampaignArguments {
  readonly help: boolean;
  readonly scenarios: readonly Scenario[];
  readonly seed: number;
  readonly runs?: number;
  /** Per scenario: the `--time` budget shared by the scenarios. */
  readonly timeBudgetMs?: number;
  /** `--time` as given, for the line that reruns the campaign. */
  readonly time?: string;
  readonly shard?: CampaignShard;
  readonly outDirectory?: string;
  readonly json: boolean;
  readonly engineCommand?: string;
  /** Flags to repeat in replay commands (engine, faults, clients, runs). */
  readonly replayFlags: readonly (readonly [string, string])[];
  /** Crash states recovered at once (`--jobs`, default one per core). */
  readonly jobs: number;
  /** `--budget-report`: add where the time went to the report. */
  readonly budgetReport: boolean;
  /** False with `--no-reopen`: a fresh child per crash state even for an engine that offers `reopen`. */
  readonly reopen: boolean;
}

/** Formats a shard as the user wrote it: `i/n` with a 1-based i (`parseShardOption`'s inverse). */
export function formatShard(shard: CampaignShard): string {
  return `${shard.index + 1}/${shard.count}`;
}

/** Parses `--shard i/n` (1-based i; the shard's `index` is 0-based). */
export function parseShardOption(value: string | undefined): { index: number; count: number } | undefined {
  if (value === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const shardNumber = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || count > CAMPAIGN_LIMITS.shardCountMax || shardNumber < 1 || shardNumber > count) {
    throw new UsageError(`--shard must be i/n with 1 <= i <= n, got '${value}'`);
  }
  return { index: shardNumber - 1, count };
}

/**
 * The scenarios a command can run. The catalogue is passed in by the command
 * (the composition root), so the harness does not depend on `scenarios/`.
 */
export interface ScenarioCatalogue {
  readonly all: readonly Scenario[];
  /** What runs when no `--scenario` is given. */
  readonly defaults: readonly Scenario[];
}

/** Parses the arguments of `unplug <command>` against a scenario catalogue. */
export function parseCampaignArguments(command: string, argv: readonly string[], catalogue: ScenarioCatalogue): CampaignArguments {
  const { values } = parseCommandArguments(command, argv, CAMPAIGN_FLAGS);
  const names = values.scenario ?? [];
  const named = names.length === 0 ? undefined : names.map((name) => {
    const scenario = catalogue.all.find((known) => known.name === name);
    if (scenario === undefined) throw new UsageError(`unplug ${command}: unknown scenario '${name}' (see 'unplug scenarios'; known: ${catalogue.all.map((known) => known.name).join(', ')})`);
    return scenario;
  });
  const faults = parseFaultOptions(values.fault ?? []);
  const clients = values.clients === undefined ? undefined : parseIntegerOption('clients', values.clients, 1, 1, WORKLOAD_LIMITS.clientsMax);
  const engineCommand = values.engine?.trim();
  if (engineCommand !== undefined && engineCommand === '') throw new UsageError('--engine must be a command, got an empty string');
  const engineProblem = engineCommand === undefined ? undefined : engineCommandProblem(engineCommand, process.cwd());
  if (engineCommand !== undefined && engineProblem !== undefined) throw new UsageError(`--engine '${engineCommand}': ${engineProblem}`);
  const runs = values.runs === undefined ? undefined : parseIntegerOption('runs', values.runs, 1, 1, CAMPAIGN_LIMITS.runsMax);
  const timeMs = values.time === undefined ? undefined : parseDurationOption('time', values.time, 0);
  if (timeMs !== undefined && (timeMs <= 0 || timeMs > CAMPAIGN_LIMITS.timeMsMax)) throw new UsageError(`--time must be between 1ms and 7 days, got '${values.time}'`);
  // The composition root: the only place a seed is drawn when none is given.
  const seed = values.seed === undefined ? randomInt(1, 2 ** 31 - 1) : parseSeedOption(values.seed, 0);
  // The report directory is checked now, not discovered unusable after the whole campaign.
  const outDirectory = values.out === undefined ? undefined : checkOutputDirectory('--out', values.out);
  const replayFlags: [string, string][] = [];
  if (engineCommand !== undefined) replayFlags.push(['engine', engineCommand]);
  const shim = parseShimOption(values.shim);
  if (shim !== undefined) replayFlags.push(['shim', shim]);
  const metadata = parseMetadataOption(values.metadata);
  if (metadata !== undefined) replayFlags.push(['metadata', metadataSelectionOf(metadata)]);
  const segmentSizeBytes = parseSegmentSizeOption(values['segment-size']);
  if (segmentSizeBytes !== undefined) replayFlags.push(['segment-size', String(values['segment-size']).trim()]);
  for (const fault of values.fault ?? []) replayFlags.push(['fault', fault]);
  if (clients !== undefined) replayFlags.push(['clients', String(clients)]);
  // A live replay's --run is checked against the runs the campaign had, so its line carries them.
  if (runs !== undefined) replayFlags.push(['runs', String(runs)]);
  const scenarios = selectScenarios(named, catalogue.defaults, { ...(engineCommand === undefined ? {} : { engineCommand }), ...(faults === undefined ? {} : { faults }), ...(clients === undefined ? {} : { clients }), ...(shim === undefined ? {} : { shim }), ...(metadata === undefined ? {} : { metadata }), ...(segmentSizeBytes === undefined ? {} : { segmentSizeBytes }) });
  const shard = parseShardOption(values.shard);
  const jobs = values.jobs === undefined ? availableParallelism() : parseIntegerOption('jobs', values.jobs, 1, 1);
  if (jobs > JOBS_LIMIT) throw new UsageError(`--jobs must be at most ${JOBS_LIMIT}, got '${values.jobs}'`);
  return {
    help: values.help === true,
    scenarios,
    seed,
    ...(runs === undefined ? {} : { runs }),
    ...(timeMs === undefined || values.time === undefined ? {} : { timeBudgetMs: Math.max(1, Math.floor(timeMs / Math.max(1, scenarios.length))), time: values.time }),
    ...(shard === undefined ? {} : { shard }),
    ...(outDirectory === undefined ? {} : { outDirectory }),
    json: values.json === true,
    ...(engineCommand === undefined ? {} : { engineCommand }),
    replayFlags,
    jobs,
    budgetReport: values['budget-report'] === true,
    reopen: values['no-reopen'] !== true,
  };
}
