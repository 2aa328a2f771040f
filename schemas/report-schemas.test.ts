// Every JSON document the CLI writes validates against the schema shipped for
// it (ajv, strict mode): crash, explore, replay and merge-reports (--json and
// report.json), bench (--json and bench.json) and disk. A schema that accepts
// anything would pass too, so each schema is also shown rejecting a broken document.
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

beforeAll(async () => {
  await ensureFreshBuild();
  scratch = mkdtempSync(join(tmpdir(), 'unplug-schema-test-'));
  const ajv = new Ajv({ strict: true, allErrors: true });
  for (const name of SCHEMA_NAMES) {
    const schema = JSON.parse(readFileSync(fileURLToPath(new URL(`./${name}.schema.json`, import.meta.url)), 'utf8')) as object;
    validators.set(name, ajv.compile(schema));
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
    for (const [what, document] of documents) expect(schemaErrors('campaign-report', document), what).toEqual([]);
    expect(schemaErrors('campaign-report', { ...(crash as object), verdict: 'maybe' })).toEqual(['/verdict must be equal to one of the allowed values']);
  });

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
