// Explore mode against engines outside unplug's process, recovered through the
// `reopen` capability: the same report as with a fresh child per state (and
// whatever the job count), a store that hides a lost commit by keeping state
// across reopen stopped with exit 3, and `--no-reopen` honoured.
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ScenarioReport } from '../../../reports/report-types.js';
import type { Scenario } from '../../core/scenario.js';
import { runExploreScenario } from './explore-scenario.js';

const UNPLUG = fileURLToPath(new URL('../../../bin/unplug.js', import.meta.url));
const REOPEN_STORE = fileURLToPath(new URL('../../recovery-pool/test-support/reopen-store.mjs', import.meta.url));

const scenario = (command: string): Scenario => ({
  name: 'test-explore-reopen',
  description: 'test',
  mode: 'explore',
  engine: { kind: 'command', command },
  models: ['power-loss'],
  workload: { operationCount: 6, keyCount: 3, clients: 1, valueSizeBytesMax: 200 },
  budget: { runs: 2 },
  expected: 'durable',
});

/** What must not depend on how states were recovered: the verdict, the counts, the violations. */
function outcome(report: ScenarioReport): unknown {
  return { verdict: report.verdict, counts: report.counts, violations: report.violations.map((violation) => [violation.property, violation.replay]) };
}

describe('explore with reopen', () => {
  it('gives the report of fresh children, whatever the job count, for the append-only store', async () => {
    const engine = scenario('node examples/append-only-store.mjs');
    const fresh = await runExploreScenario(engine, { seed: 11, jobs: 1, reopen: false, timeBudgetMs: 120_000 });
    const reopened = await runExploreScenario(engine, { seed: 11, jobs: 2, timeBudgetMs: 120_000 });
    expect(fresh.verdict).toBe('durable');
    expect(fresh.counts.distinctStatesRecovered).toBeGreaterThan(3);
    expect(outcome(reopened)).toEqual(outcome(fresh));
  });

  it('gives the same violations as fresh children for the forgetful store', async () => {
    const engine = { ...scenario('node examples/forgetful-store.mjs'), expected: 'violation' as const, budget: { runs: 1 } };
    const fresh = await runExploreScenario(engine, { seed: 5, jobs: 1, reopen: false, timeBudgetMs: 120_000 });
    const reopened = await runExploreScenario(engine, { seed: 5, jobs: 2, timeBudgetMs: 120_000 });
    expect(fresh.verdict).toBe('violation');
    expect(outcome(reopened)).toEqual(outcome(fresh));
  });

  it('exits 3 naming the engine when a store keeps state across reopen, and passes it with --no-reopen', async () => {
    const command = `node ${REOPEN_STORE} --leak`;
    const flags = ['crash', '--engine', command, '--scenario', 'baseline-power-loss', '--runs', '2', '--seed', '3', '--json'];
    const leaky = await execa('node', [UNPLUG, ...flags], { reject: false });
    expect(leaky.exitCode, String(leaky.stderr)).toBe(3);
    expect(String(leaky.stderr)).toMatch(/engine 'node .*reopen-store\.mjs --leak': reopen is not equivalent to a fresh start: the power-loss crash state at operation \d+/);
    const forced = await execa('node', [UNPLUG, ...flags, '--no-reopen'], { reject: false });
    expect(forced.exitCode, String(forced.stderr)).toBe(0);
  });
});
