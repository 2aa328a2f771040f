import { describe, expect, it } from 'vitest';
import { liveResourceCounts } from '../engine-client/process-registry.js';
import { runLiveScenario } from './live-scenario.js';
import type { Scenario } from './scenario.js';

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
    expect(liveResourceCounts()).toEqual(before);
  });

  it('catches fsync=off', async () => {
    const report = await runLiveScenario(scenario({ engine: { kind: 'reference', options: { syncMethod: 'off', segmentSizeBytes: 16 * 1024 } }, expected: 'violation' }), { seed: 7 });
    expect(report.verdict).toBe('violation');
    expect(report.violations.map((violation) => violation.property)).toContain('A1');
  });
});
