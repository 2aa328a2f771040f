// Every JSON document the CLI writes validates against the schema shipped for
// it (ajv, strict mode): crash, explore, replay and merge-reports (--json and
// report.json) in every scenario mode (explore, live, archive, cluster, cdc,
// injected faults, both metadata models, the budget report, an external
// engine), bench (--json and bench.json) and disk. A schema that accepts
// anything would pass too, so each schema is also shown rejecting a broken
// document. The shipped campaign schema lets producers add fields; the test
// also checks campaign documents against a closed copy of it (no property the
// schema does not describe), so a field the CLI starts writing cannot go
// undocumented.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFreshBuild, REPOSITORY_ROOT } from '../harness/cli/commands/test-support/ensure-fresh-build.js';

const SCHEMA_NAMES = ['campaign-report', 'bench-report', 'disk-report'] as const;
const LAUNCHER = join(REPOSITORY_ROOT, 'bin', 'unplug.js');
let scratch = '';
const validators = new Map<string, ValidateFunction>();
let closedCampaignValidator: ValidateFunction | undefined;

/** A copy of `schema` in which every object that lists its properties allows no others. */
function closeSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    copy[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as object).map(([name, inner]) => [name, closeSchema(inner)])) : closeSchema(value);
  }
  if ('properties' in copy && !('additionalProperties' in copy)) copy['additionalProperties'] = false;
  return copy;
}

beforeAll(async () => {
  await ensureFreshBuild();
  scratch = mkdtempSync(join(tmpdir(), 'unplug-schema-test-'));
  const ajv = new Ajv({ strict: true, allErrors: true });
  for (const name of SCHEMA_NAMES) {
    const schema = JSON.parse(readFileSync(fileURLToPath(new URL(`./${name}.schema.json`, import.meta.url)), 'utf8')) as object;
    validators.set(name, ajv.compile(schema));
    if (name === 'campaign-report') closedCampaignValidator = new Ajv({ strict: true, allErrors: true }).compile(closeSchema(schema) as object);
  }
}, 240_000);
afterAll(() => {
  if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
});

/** Runs unplug with --json and returns its stdout parsed; exit codes 0 and 1 are both reports. */
async function unplugJson(given: readonly string[]): Promise<unknown> {
  const args = given.includes('--json') ? given : [...given, '--json'];
  const result = await execa(process.execPath, [LAUNCHER, ...args], { reject: false, timeout: 180_000, env: { GITHUB_ACTIONS: '' } });
  expect(result.exitCode === 0 || result.exitCode === 1, `unplug ${args.join(' ')}: ${String(result.stderr)}`).toBe(true);
  return JSON.parse(String(result.stdout));
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

/** The validation errors of `document` against schema `name`, as readable lines (empty when valid). */
function schemaErrors(name: (typeof SCHEMA_NAMES)[number], document: unknown): string[] {
  const validate = validators.get(name)!;
  return validate(document) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
}

/** The properties of a campaign document that the campaign schema does not describe (empty when every one is). */
function undescribedProperties(document: unknown): string[] {
  const validate = closedCampaignValidator!;
  if (validate(document)) return [];
  return [...new Set((validate.errors ?? []).map((error) => `${error.instancePath.replace(/\/\d+/g, '/N')} ${error.message ?? ''} ${JSON.stringify(error.params)}`))];
}

/** Expects `document` valid against the campaign schema and every one of its properties described there. */
function expectCampaignDocument(what: string, document: unknown): void {
  expect(schemaErrors('campaign-report', document), what).toEqual([]);
  expect(undescribedProperties(document), what).toEqual([]);
}

describe('the JSON schemas in schemas/', () => {
  it('campaign-report: crash, explore, replay and merge-reports documents, printed and written', async () => {
    const shards = [1, 2].map((index) => join(scratch, `shard-${index}`));
    const campaign = ['--scenario', 'baseline-power-loss', '--scenario', 'defect-skip-dir-sync', '--seed', '8', '--runs', '2'];
    const crash = (await unplugJson(['crash', ...campaign, '--shard', '1/2', '--out', shards[0]!, '--json'])) as { scenarios: { violations: { replay: string }[] }[] };
    await unplugJson(['crash', ...campaign, '--shard', '2/2', '--out', shards[1]!, '--json']);
    const replayLine = crash.scenarios.flatMap((scenario) => scenario.violations)[0]!.replay;
    const documents: [string, unknown][] = [
      ['crash --json', crash],
      ['crash report.json', readJson(join(shards[0]!, 'report.json'))],
      ['explore --json', await unplugJson(['explore', '--scenario', 'baseline-process-crash', '--seed', '8', '--runs', '1'])],
      ['replay --json', await unplugJson(replayLine.split(' ').slice(1))],
      ['merge-reports --json', await unplugJson(['merge-reports', ...shards, '--out', join(scratch, 'merged'), '--json'])],
      ['merge-reports report.json', readJson(join(scratch, 'merged', 'report.json'))],
    ];
    expect((documents[0]![1] as { scenarios: { verdict: string }[] }).scenarios.map((scenario) => scenario.verdict)).toEqual(['durable', 'violation']);
    for (const [what, document] of documents) expectCampaignDocument(what, document);
    expect(schemaErrors('campaign-report', { ...(crash as object), verdict: 'maybe' })).toEqual(['/verdict must be equal to one of the allowed values']);
    // The open schema takes a field it does not know; the closed copy names it.
    expect(schemaErrors('campaign-report', { ...(crash as object), surprise: 1 })).toEqual([]);
    expect(undescribedProperties({ ...(crash as object), surprise: 1 })).toEqual([' must NOT have additional properties {"additionalProperty":"surprise"}']);
  });

  it('campaign-report: every scenario mode and optional part (live, archive, cluster, cdc, injected faults, metadata models, budget, external engine)', async () => {
    const forgetful = `node ${join(REPOSITORY_ROOT, 'examples', 'forgetful-store.mjs')}`;
    const campaigns: readonly (readonly string[])[] = [
      ['crash', '--scenario', 'forgetful-engine', '--seed', '3', '--runs', '1'],
      ['crash', '--scenario', 'defect-skip-dir-sync', '--metadata', 'both', '--budget-report', '--seed', '3', '--runs', '1'],
      ['crash', '--scenario', 'eio-fsync', '--scenario', 'enospc', '--seed', '3', '--runs', '1'],
      ['crash', '--scenario', 'archive-power-loss', '--seed', '3', '--runs', '1'],
      ['crash', '--scenario', 'failover-async', '--seed', '3', '--runs', '1'],
      ['crash', '--scenario', 'defect-cdc-emits-before-durable', '--seed', '3', '--runs', '1'],
      ['crash', '--engine', forgetful, '--scenario', 'baseline-power-loss', '--seed', '3', '--runs', '1'],
    ];
    const seen = new Set<string>();
    for (const campaign of campaigns) {
      const document = await unplugJson(campaign);
      expectCampaignDocument(campaign.join(' '), document);
      collectPaths(document, '', seen);
    }
    // The optional parts were really there to be checked.
    for (const path of ['.scenarios.metadata.verdicts', '.scenarios.budget.jobs', '.budget.jobs', '.scenarios.faultsInjected.eio-fsync', '.scenarios.coverage.cyclesRun', '.scenarios.violations.lostBy.rules', '.scenarios.violations.timeline.machine']) {
      expect(seen, path).toContain(path);
    }
  }, 240_000);

  it('bench-report: bench --json and bench.json', async () => {
    const out = join(scratch, 'bench');
    // --archive adds the archiving rows, so their part of the schema is exercised too.
    const printed = await unplugJson(['bench', '--time', '1s', '--sync-methods', 'fdatasync', '--clients', '1', '--record-sizes', '100', '--driver', 'in-process', '--archive', '--segment-size', '64k', '--out', out, '--json']);
    expect((printed as { archive: unknown[] }).archive).toHaveLength(4);
    expect(schemaErrors('bench-report', printed)).toEqual([]);
    expect(schemaErrors('bench-report', readJson(join(out, 'bench.json')))).toEqual([]);
    expect(schemaErrors('bench-report', { ...(printed as object), results: [{ syncMethod: 'fdatasync' }] }).length).toBeGreaterThan(0);
    const archiveRows = (printed as { archive: object[] }).archive;
    expect(schemaErrors('bench-report', { ...(printed as object), archive: [{ ...archiveRows[0], archiving: 'sometimes' }] })).toEqual(['/archive/0/archiving must be equal to one of the allowed values']);
  });

  it('disk-report: disk --json', async () => {
    const printed = await unplugJson(['disk', scratch, '--time', '500ms', '--json']);
    expect(schemaErrors('disk-report', printed)).toEqual([]);
    expect(schemaErrors('disk-report', { ...(printed as object), verdict: 'fine' })).toEqual(['/verdict must be equal to one of the allowed values']);
  });
});

/** Adds every property path of `value` (array indices dropped) to `seen`. */
function collectPaths(value: unknown, prefix: string, seen: Set<string>): void {
  if (Array.isArray(value)) for (const item of value) collectPaths(item, prefix, seen);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      seen.add(`${prefix}.${key}`);
      collectPaths(inner, `${prefix}.${key}`, seen);
    }
  }
}
