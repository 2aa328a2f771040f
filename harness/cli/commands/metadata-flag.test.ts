/**
 * `--metadata strict|ext4-ordered|both` end to end through the compiled
 * launcher, with two small engines (harness/crash-state/test-support/
 * log-directory-store.mjs): one that never syncs the directories it creates
 * (lost under strict POSIX, durable on ext4-ordered, "a directory entry never
 * synced") and one that never syncs its log ("data never synced" under both).
 * Explore and live agree, replay lines carry the model and reproduce, and a
 * bad value is one line and exit 2.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { CampaignReport } from '../../../reports/report-types.js';

const repository = fileURLToPath(new URL('../../../', import.meta.url));
const launcher = join(repository, 'bin', 'unplug.js');
const store = (skip: 'dir-sync' | 'file-sync'): string => `node ${join(repository, 'harness', 'crash-state', 'test-support', 'log-directory-store.mjs')} --skip ${skip}`;

/** Runs unplug with `--json` and returns the exit code and the report. */
async function unplugJson(args: readonly string[]): Promise<{ exitCode: number | undefined; report: CampaignReport }> {
  const result = await execa(process.execPath, [launcher, ...args, '--json'], { reject: false, timeout: 400_000 });
  return { exitCode: result.exitCode, report: JSON.parse(String(result.stdout)) as CampaignReport };
}

/** The shipped report schema (strict ajv): the new fields must validate. */
const validateReport = new Ajv({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync(join(repository, 'schemas', 'campaign-report.schema.json'), 'utf8')) as object);

// A time budget far above what the campaign needs (about 10 s alone): under the load of the full suite the
// default (25 s for an --engine) can cut the census of the counterexample before its ext4-ordered states.
const explore = (skip: 'dir-sync' | 'file-sync') => unplugJson(['crash', '--scenario', 'adapter-power-loss', '--engine', store(skip), '--metadata', 'both', '--seed', '7', '--jobs', '1', '--time', '300s']);
const live = (skip: 'dir-sync' | 'file-sync') => unplugJson(['crash', '--scenario', 'baseline-live', '--engine', store(skip), '--fault', 'power-loss', '--metadata', 'both', '--runs', '1', '--seed', '7', '--time', '300s']);

// Bounds, not measurements: each campaign starts the store for every crash state on a loaded machine.
describe('--metadata', { timeout: 900_000 }, () => {
  it('explore and live: directories never synced are lost under strict POSIX, durable on ext4-ordered, by a directory entry never synced', async () => {
    for (const { exitCode, report } of [await explore('dir-sync'), await live('dir-sync')]) {
      expect(exitCode).toBe(1);
      expect(validateReport(report), JSON.stringify(validateReport.errors)).toBe(true);
      const [scenario] = report.scenarios;
      expect(scenario?.metadata).toEqual({ verdicts: { strict: 'violation', 'ext4-ordered': 'durable' }, summary: 'lost under strict POSIX, durable on ext4-ordered' });
      const lost = scenario?.violations.filter((violation) => violation.property === 'P1') ?? [];
      expect(lost.length).toBeGreaterThan(0);
      for (const violation of lost) {
        expect(violation.metadata).toBe('strict');
        expect(violation.lostBy?.rules).toEqual(['directory-entry-never-synced']);
        expect(violation.message).toContain('lost by a directory entry never synced (log.d/commits.log; strict POSIX)');
      }
    }
  });

  it('a log never synced is lost under both models, by data never synced', async () => {
    const { exitCode, report } = await explore('file-sync');
    expect(exitCode).toBe(1);
    const [scenario] = report.scenarios;
    expect(scenario?.metadata?.verdicts).toEqual({ strict: 'violation', 'ext4-ordered': 'violation' });
    const lost = scenario?.violations.filter((violation) => violation.property === 'P1') ?? [];
    expect(new Set(lost.map((violation) => violation.metadata))).toEqual(new Set(['strict', 'ext4-ordered']));
    for (const violation of lost) expect(violation.lostBy?.rules).toEqual(['data-never-synced']);
  });

  it('an explore replay line names its state\'s model and reproduces it; under the other model the same state is durable', async () => {
    const { report } = await explore('dir-sync');
    const line = report.scenarios[0]?.violations.find((violation) => violation.property === 'P1')?.replay ?? '';
    expect(line).toMatch(/ --metadata strict( |$)/);
    const args = [...line.matchAll(/'[^']*'|\S+/g)].map(([part]) => part.replace(/^'(.*)'$/, '$1')).slice(1);
    const replayed = await unplugJson(args);
    expect(replayed.report.scenarios[0]?.violations.some((violation) => violation.property === 'P1' && violation.lostBy?.rules[0] === 'directory-entry-never-synced')).toBe(true);
    const underExt4 = await unplugJson(args.map((part) => (part === 'strict' ? 'ext4-ordered' : part)));
    expect(underExt4.report.scenarios[0]?.verdict).toBe('durable');
  });

  it('a bad value is one line naming it and exit 2', async () => {
    const result = await execa(process.execPath, [launcher, 'crash', '--metadata', 'xfs'], { reject: false });
    expect(result.exitCode).toBe(2);
    expect(String(result.stderr).trim()).toBe("unplug crash: --metadata must be one of strict, ext4-ordered, both, got 'xfs'");
  });
});
