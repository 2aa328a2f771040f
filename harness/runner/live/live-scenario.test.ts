import { describe, expect, it } from 'vitest';
import { liveResourceCounts } from '../../engine-client/process-registry.js';
import { runLiveScenario } from './live-scenario.js';
import { coverageOf } from '../../core/scenario-coverage.js';
import type { Scenario } from '../../core/scenario.js';

// Child processes run the compiled engine: `npm test` builds first.
const scenario = (overrides: Partial<Scenario>): Scenario => ({
  name: 'test-live',
  description: 'test',
  mode: 'live',
  engine: { kind: 'reference', options: { segmentSizeBytes: 16 * 1024, checkpointWalBytes: 64 * 1024 } },
  models: ['process-crash', 'power-loss', 'power-loss-prefix', 'torn-sectors'],
  workload: { operationCount: 20, keyCount: 6, clients: 4, valueSizeBytesMax: 2000, checkpointFraction: 0.05 },
  budget: { runs: 2, cyclesPerRun: 3 },
  expected: 'durable',
  ...overrides,
});

describe('runLiveScenario', () => {
  it('chains crash cycles on the reference engine without a violation, and leaks nothing', async () => {
    const before = liveResourceCounts();
    const report = await runLiveScenario(scenario({}), { seed: 7 });
    expect(report.verdict).toBe('durable');
    expect(report.counts.crashes).toBe(6);
    expect(report.counts.crashStates).toBeGreaterThanOrEqual(24);
    expect(coverageOf(report)).toMatchObject({ cutByTimeBudget: false, runsDone: 2, cyclesPlanned: 6, cyclesRun: 6, notes: [] });
    expect(liveResourceCounts()).toEqual(before);
  });

  it('stops at its time budget, overshooting by at most the cycle in progress, and says so', async () => {
    const report = await runLiveScenario(scenario({ budget: { runs: 4, cyclesPerRun: 3 } }), { seed: 7, timeBudgetMs: 1 });
    const coverage = coverageOf(report);
    expect(coverage?.cutByTimeBudget).toBe(true);
    expect(coverage?.cyclesPlanned).toBe(12);
    // Each of the two parallel workers may have started one cycle before the deadline.
    expect(coverage?.cyclesRun).toBeLessThanOrEqual(2);
    expect(coverage?.notes).toEqual([`the time budget (1 ms) cut the run short: ${coverage?.runsDone} of 4 runs, ${coverage?.cyclesRun} of 12 crash cycles`]);
  });

  it('catches fsync=off', async () => {
    const report = await runLiveScenario(scenario({ engine: { kind: 'reference', options: { syncMethod: 'off', segmentSizeBytes: 16 * 1024 } }, expected: 'violation' }), { seed: 7 });
    expect(report.verdict).toBe('violation');
    expect(report.violations.map((violation) => violation.property)).toContain('A1');
  });
});
