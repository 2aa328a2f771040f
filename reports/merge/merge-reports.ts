/**
 * Joins the reports of the shards of one campaign (`--shard i/n` with one
 * seed) into the report the campaign would have produced unsharded. Shards
 * split each scenario's runs (run index mod n), so every shard holds every
 * scenario: a merged scenario sums its shards' counts, keeps their violations
 * (the first `VIOLATIONS_KEPT_PER_PROPERTY` per property, shard 1 first) and
 * is a violation when any shard found one. The campaign's verdict is
 * recomputed from the merged scenarios, so the exit code is as if unsharded.
 *
 * Reports of different campaigns are refused with a `MergeError` naming the
 * difference: another tool, command, seed, engine, shard count or scenario
 * list, a report that is not a shard, a shard given twice, or one missing.
 */
import { sumCounts } from '../sum-counts.js';
import type { CampaignReport, ScenarioReport, Violation } from '../report-types.js';
import { scenarioAsExpected } from '../scenario-outcome.js';
import { mergeBudgets, mergeCoverage, mergeMetadataVerdicts, sumRecords } from './merge-scenario-extras.js';

/** Violations kept per property in a merged scenario, as a single run keeps them. */
export const MERGED_VIOLATIONS_PER_PROPERTY = 3;
/** The most shard reports one merge accepts (the CLI's shard count limit). */
export const MERGE_SHARDS_MAX = 10_000;

/** A shard report that cannot be merged with the others; `message` says which and why. */
export class MergeError extends Error {
  override readonly name = 'MergeError';
}

/** One report to merge and where it came from (for messages). */
export interface ShardReport {
  readonly source: string;
  readonly report: CampaignReport;
}

/** Merges the shard reports of one campaign; throws `MergeError` when they are not that. */
export function mergeShardReports(shards: readonly ShardReport[]): CampaignReport {
  if (shards.length === 0) throw new MergeError('no reports to merge');
  if (shards.length > MERGE_SHARDS_MAX) throw new MergeError(`${shards.length} reports, more than the limit of ${MERGE_SHARDS_MAX}`);
  const ordered = checkOneCampaign(shards);
  const first = ordered[0]!.report;
  const scenarios = first.scenarios.map((scenario, index) => mergeScenario(ordered.map((shard) => shard.report.scenarios[index]!)));
  const counts = sumCounts(scenarios.map((scenario) => scenario.counts));
  // Shards run side by side: the campaign took as long as its slowest shard.
  const durationMs = Math.max(...ordered.map((shard) => shard.report.durationMs));
  const seconds = Math.max(durationMs, 1) / 1000;
  const { shard: _shard, budget: _budget, ...unsharded } = first;
  const budget = mergeBudgets(ordered.map((shard) => shard.report.budget));
  return {
    ...unsharded,
    verdict: scenarios.every(scenarioAsExpected) ? 'pass' : 'fail',
    scenarios,
    counts,
    rates: { crashesPerSecond: roundTenth(counts.crashes / seconds), crashStatesPerSecond: roundTenth(counts.crashStates / seconds) },
    durationMs,
    replay: withoutShardFlag(first.replay),
    ...(budget === undefined ? {} : { budget }),
  };
}

/** The shards in shard order, after checking they are exactly the shards 1..n of one campaign. */
function checkOneCampaign(shards: readonly ShardReport[]): ShardReport[] {
  const [reference] = shards as [ShardReport, ...ShardReport[]];
  const positions = shards.map((shard) => ({ shard, position: shardPosition(shard) }));
  const count = positions[0]!.position.count;
  for (const { shard, position } of positions) {
    for (const field of ['tool', 'command', 'seed', 'engine'] as const) {
      if (shard.report[field] !== reference.report[field]) {
        throw new MergeError(`${shard.source} is from another campaign: ${field} ${JSON.stringify(shard.report[field])}, but ${reference.source} has ${JSON.stringify(reference.report[field])}`);
      }
    }
    if (position.count !== count) throw new MergeError(`${shard.source} is shard ${position.index}/${position.count}, but ${reference.source} is one of ${count} shards`);
    const names = shard.report.scenarios.map((scenario) => scenario.name).join(', ');
    const referenceNames = reference.report.scenarios.map((scenario) => scenario.name).join(', ');
    if (names !== referenceNames) throw new MergeError(`${shard.source} ran other scenarios (${names}) than ${reference.source} (${referenceNames})`);
    // The campaign line holds every other flag (runs, time, faults, metadata, clients, shim): they must agree too.
    const difference = flagDifference(withoutShardFlag(reference.report.replay), withoutShardFlag(shard.report.replay));
    if (difference !== undefined) throw new MergeError(`${shard.source} is from another campaign: it ran with ${difference.theirs}, but ${reference.source} with ${difference.ours}`);
  }
  const byIndex = new Map<number, ShardReport>();
  for (const { shard, position } of positions) {
    const twin = byIndex.get(position.index);
    if (twin !== undefined) throw new MergeError(`shard ${position.index}/${count} is given twice: ${twin.source} and ${shard.source}`);
    byIndex.set(position.index, shard);
  }
  const missing = Array.from({ length: count }, (_, index) => index + 1).filter((index) => !byIndex.has(index));
  if (missing.length > 0) throw new MergeError(`shard${missing.length > 1 ? 's' : ''} ${missing.map((index) => `${index}/${count}`).join(', ')} missing (got ${shards.length} of ${count})`);
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, shard]) => shard);
}

function shardPosition(shard: ShardReport): { readonly index: number; readonly count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(shard.report.shard ?? '');
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index < 1 || index > count) {
    throw new MergeError(`${shard.source} is not a shard report (its "shard" is ${JSON.stringify(shard.report.shard ?? null)}; run each shard with --shard i/n)`);
  }
  return { index, count };
}

/** One scenario from its reports in every shard (same name, shard order). */
function mergeScenario(parts: readonly ScenarioReport[]): ScenarioReport {
  const [first] = parts as [ScenarioReport, ...ScenarioReport[]];
  const coverage = mergeCoverage(parts);
  const faultsInjected = sumRecords(parts.map((part) => part.faultsInjected));
  const budget = mergeBudgets(parts.map((part) => part.budget));
  const metadata = mergeMetadataVerdicts(parts.map((part) => part.metadata));
  return {
    ...first,
    verdict: parts.some((part) => part.verdict === 'violation') ? 'violation' : 'durable',
    violations: keepPerProperty(parts.flatMap((part) => part.violations)),
    violationCount: parts.reduce((total, part) => total + part.violationCount, 0),
    counts: sumCounts(parts.map((part) => part.counts)),
    durationMs: parts.reduce((total, part) => total + part.durationMs, 0),
    replay: withoutShardFlag(first.replay),
    ...(coverage === undefined ? {} : { coverage }),
    ...(faultsInjected === undefined ? {} : { faultsInjected }),
    ...(budget === undefined ? {} : { budget }),
    ...(metadata === undefined ? {} : { metadata }),
  };
}

function keepPerProperty(violations: readonly Violation[]): Violation[] {
  const kept = new Map<string, number>();
  return violations.filter((violation) => {
    const count = kept.get(violation.property) ?? 0;
    kept.set(violation.property, count + 1);
    return count < MERGED_VIOLATIONS_PER_PROPERTY;
  });
}

/** The flags (`--name value`) two campaign lines do not share, in any order; undefined when they share all. */
function flagDifference(ours: string, theirs: string): { readonly ours: string; readonly theirs: string } | undefined {
  const flags = (line: string): string[] => line.split(/ (?=--)/).slice(1);
  const ourFlags = flags(ours);
  const theirFlags = flags(theirs);
  const only = (mine: readonly string[], other: readonly string[]): string[] => mine.filter((flag) => !other.includes(flag));
  const ourOwn = only(ourFlags, theirFlags);
  const theirOwn = only(theirFlags, ourFlags);
  if (ourOwn.length === 0 && theirOwn.length === 0) return undefined;
  const spell = (own: readonly string[]): string => (own.length === 0 ? 'no such flag' : own.join(' '));
  return { ours: spell(ourOwn), theirs: spell(theirOwn) };
}

/** A replay line without its `--shard i/n`: the merged report is the whole campaign. */
function withoutShardFlag(line: string): string {
  return line.replace(/ --shard \S+/g, '');
}

function roundTenth(value: number): number {
  return Math.round(value * 10) / 10;
}
