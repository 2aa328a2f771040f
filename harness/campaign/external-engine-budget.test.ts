/**
 * A campaign against an engine outside this process (each crash state
 * recovered in a fresh child) honours `--time`, shrinking included, and says
 * what the budget cut short. Runs the compiled launcher: `npm test` builds first.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';

const repository = fileURLToPath(new URL('../../', import.meta.url));
const launcher = join(repository, 'bin', 'unplug.js');
const scratches: string[] = [];
afterEach(() => {
  for (const directory of scratches.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** Budget of the whole campaign below; its single scenario gets all of it. */
const TIME_BUDGET_MS = 4000;
/** Generous: the budget may be overshot by one crash state or cycle, and Node and the engine must start. */
const START_UP_ALLOWANCE_MS = 10_000;

interface CoverageDocument {
  readonly cutByTimeBudget: boolean;
  readonly runsPlanned: number;
  readonly runsDone: number;
  readonly boundariesExplored: number;
  readonly boundariesSkipped: number;
  readonly notes: readonly string[];
}

describe('a campaign against forgetful-store.mjs --fsync', () => {
  it('finishes within its --time, reports the budget cut in report.json and on the terminal, and leaks nothing', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'unplug-budget-test-'));
    scratches.push(scratch);
    const outDirectory = join(scratch, 'out');
    const temporary = join(scratch, 'tmp');
    mkdirSync(temporary);
    const started = performance.now();
    const result = await execa(
      process.execPath,
      [launcher, 'crash', '--engine', 'node examples/forgetful-store.mjs --fsync', '--scenario', 'baseline-power-loss', '--time', `${TIME_BUDGET_MS}ms`, '--seed', '3', '--out', outDirectory],
      { reject: false, env: { TMPDIR: temporary }, timeout: 120_000 },
    );
    const elapsedMs = performance.now() - started;
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(elapsedMs).toBeLessThan(3 * TIME_BUDGET_MS + START_UP_ALLOWANCE_MS);

    const report = JSON.parse(readFileSync(join(outDirectory, 'report.json'), 'utf8')) as { scenarios: { verdict: string; coverage: CoverageDocument }[] };
    const [scenario] = report.scenarios;
    expect(scenario?.verdict).toBe('durable');
    const coverage = scenario?.coverage;
    expect(coverage?.cutByTimeBudget).toBe(true);
    // baseline-power-loss plans 80 runs; a child per crash state cannot do them in 4 s.
    expect(coverage?.runsPlanned).toBe(80);
    expect(coverage?.runsDone).toBeLessThan(80);
    expect(coverage?.boundariesExplored).toBeGreaterThan(0);
    const note = `the time budget (4 s) cut the run short: ${coverage?.runsDone} of 80 runs, explored ${coverage?.boundariesExplored} of ${(coverage?.boundariesExplored ?? 0) + (coverage?.boundariesSkipped ?? 0)} boundaries of their traces`;
    expect(coverage?.notes).toEqual([note]);
    expect(result.stdout).toContain(`note: baseline-power-loss: ${note}`);
    expect(readdirSync(temporary)).toEqual([]);
  });
});
