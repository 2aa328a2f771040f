/**
 * The optional parts of a scenario report, merged over its shards: the
 * coverage, the injected-fault tally, the time budget and the verdicts per
 * metadata model. Each shard saw only its own runs, so a part kept from the
 * first shard alone would describe a third of the campaign: counts add up,
 * flags are set when any shard set them, and a metadata model is a violation
 * when any shard found one under it.
 */
import type { BudgetReport } from '../../harness/recovery-pool/budget-report.js';
import type { MetadataVerdicts, ScenarioReport } from '../report-types.js';

/** The number records of `parts` added key by key (`faultsInjected`); undefined when no part has one. */
export function sumRecords(parts: readonly (Readonly<Record<string, number>> | undefined)[]): Record<string, number> | undefined {
  const present = parts.filter((part): part is Readonly<Record<string, number>> => part !== undefined);
  if (present.length === 0) return undefined;
  const total: Record<string, number> = {};
  for (const part of present) for (const [key, value] of Object.entries(part)) total[key] = (total[key] ?? 0) + value;
  return total;
}

/** The time budgets of the shards added phase by phase; `jobs` is the largest. Undefined when no shard has one. */
export function mergeBudgets(parts: readonly (BudgetReport | undefined)[]): BudgetReport | undefined {
  const present = parts.filter((part): part is BudgetReport => part !== undefined);
  if (present.length === 0) return undefined;
  const add = (field: Exclude<keyof BudgetReport, 'jobs'>): number => present.reduce((total, part) => total + part[field], 0);
  return {
    tracingMs: add('tracingMs'),
    buildingMs: add('buildingMs'),
    recoveringMs: add('recoveringMs'),
    checkingMs: add('checkingMs'),
    distinctStatesRecovered: add('distinctStatesRecovered'),
    statesChecked: add('statesChecked'),
    jobs: Math.max(...present.map((part) => part.jobs)),
  };
}

/**
 * The verdicts per metadata model over every shard: a model is a violation
 * when any shard found one under it, and its phrase in the summary is taken
 * from the first shard that did ("lost under strict POSIX"); a model durable
 * in every shard keeps its "durable on ..." phrase.
 */
export function mergeMetadataVerdicts(parts: readonly (MetadataVerdicts | undefined)[]): MetadataVerdicts | undefined {
  const present = parts.filter((part): part is MetadataVerdicts => part !== undefined);
  const [first] = present;
  if (first === undefined) return undefined;
  const models = Object.keys(first.verdicts) as (keyof MetadataVerdicts['verdicts'])[];
  const verdicts: Partial<Record<(typeof models)[number], 'durable' | 'violation'>> = {};
  const phrases = models.map((model, index) => {
    const violating = present.find((part) => part.verdicts[model] === 'violation');
    verdicts[model] = violating === undefined ? 'durable' : 'violation';
    return summaryPhrases(violating ?? first)[index] ?? '';
  });
  return { verdicts, summary: phrases.filter((phrase) => phrase !== '').join(', ') };
}

/** The phrases of a metadata summary, one per model, in model order ("violated (P2, P4) under ..." keeps its comma). */
function summaryPhrases(verdicts: MetadataVerdicts): string[] {
  return verdicts.summary.split(/, (?=(?:lost|violated|durable) )/);
}

/**
 * The scenario's coverage over every shard: counts add up, number records
 * (the faults injected) add up key by key, a flag is set when any shard set
 * it, time budgets (per shard) keep the largest, and each note says which
 * shard it came from.
 */
export function mergeCoverage(parts: readonly ScenarioReport[]): ScenarioReport['coverage'] {
  const withCoverage = parts
    .map((part, index) => ({ coverage: part.coverage as Readonly<Record<string, unknown>> | undefined, shard: index + 1 }))
    .filter((entry) => entry.coverage !== undefined);
  if (withCoverage.length === 0) return undefined;
  const merged: Record<string, unknown> = {};
  for (const { coverage, shard } of withCoverage) {
    for (const [key, value] of Object.entries(coverage!)) {
      const previous = merged[key];
      if (key === 'notes' && Array.isArray(value)) merged[key] = [...((previous as unknown[] | undefined) ?? []), ...value.map((note) => `shard ${shard}/${parts.length}: ${String(note)}`)];
      else if (typeof value === 'number') merged[key] = /BudgetMs$/.test(key) ? Math.max(value, (previous as number | undefined) ?? 0) : value + ((previous as number | undefined) ?? 0);
      else if (typeof value === 'boolean') merged[key] = value || previous === true;
      else if (isNumberRecord(value)) merged[key] = sumRecords([previous as Record<string, number> | undefined, value]);
      else merged[key] ??= value;
    }
  }
  return merged as unknown as ScenarioReport['coverage'];
}

function isNumberRecord(value: unknown): value is Readonly<Record<string, number>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((entry) => typeof entry === 'number');
}
