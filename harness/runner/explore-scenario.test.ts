import { describe, expect, it } from 'vitest';
import { runExploreScenario } from './explore-scenario.js';
import type { Scenario } from './scenario.js';

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
  });

  it('finds fsync=off and shrinks it', async () => {
    const report = await runExploreScenario(scenario({ engine: { kind: 'reference', options: { syncMethod: 'off', segmentSizeBytes: 16 * 1024 } }, expected: 'violation' }), { seed: 1 });
    expect(report.verdict).toBe('violation');
    expect(report.violations.map((violation) => violation.property)).toContain('A1');
  });
});
