import { describe, expect, it } from 'vitest';
import { runExploreScenario } from './explore-scenario.js';
import { coverageOf } from '../../core/scenario-coverage.js';
import type { Scenario } from '../../core/scenario.js';

const scenario = (overrides: Partial<Scenario>): Scenario => ({
  name: 'test-explore',
  description: 'test',
  mode: 'explore',
  engine: { kind: 'reference', options: { segmentSizeBytes: 16 * 1024, checkpointWalBytes: 64 * 1024 } },
  models: ['process-crash', 'power-loss', 'power-loss-prefix', 'power-loss-blocks', 'torn-sectors'],
  workload: { operationCount: 12, keyCount: 4, clients: 2, valueSizeBytesMax: 3000, checkpointFraction: 0.1 },
  budget: { runs: 5 },
  expected: 'durable',
  ...overrides,
});

describe('runExploreScenario', () => {
  it('finds no violation on the reference engine', async () => {
    const report = await runExploreScenario(scenario({}), { seed: 1 });
    expect(report.verdict).toBe('durable');
    expect(report.counts.crashStates).toBeGreaterThan(50);
    // The default budget is far away: every run and boundary was explored, and nothing says otherwise.
    expect(coverageOf(report)).toMatchObject({ cutByTimeBudget: false, runsPlanned: 5, runsDone: 5, boundariesSkipped: 0, notes: [] });
  });

  it('stops at its time budget and says how much it explored', async () => {
    const report = await runExploreScenario(scenario({ budget: { runs: 1000 } }), { seed: 1, timeBudgetMs: 1 });
    const coverage = coverageOf(report);
    expect(coverage?.cutByTimeBudget).toBe(true);
    expect(coverage?.runsPlanned).toBe(1000);
    expect(coverage?.runsDone).toBeLessThan(1000);
    expect(coverage?.notes[0]).toMatch(/^the time budget \(1 ms\) cut the run short: \d+ of 1000 runs, explored \d+ of \d+ boundaries/);
  });

  it('finds fsync=off and shrinks it', async () => {
    const report = await runExploreScenario(scenario({ engine: { kind: 'reference', options: { syncMethod: 'off', segmentSizeBytes: 16 * 1024 } }, expected: 'violation' }), { seed: 1 });
    expect(report.verdict).toBe('violation');
    expect(report.violations.map((violation) => violation.property)).toContain('A1');
  });
});
