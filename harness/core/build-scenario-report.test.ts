import { describe, expect, it } from 'vitest';
import type { Violation } from '../../reports/report-types.js';
import { buildScenarioReport } from './build-scenario-report.js';
import { describeCoverage } from './scenario-coverage.js';
import type { Scenario } from './scenario.js';
import { zeroCounts } from './scenario-run-types.js';
import { ViolationSample } from './violation-sample.js';

const SCENARIO: Scenario = {
  name: 'tiny',
  description: 'a tiny scenario',
  mode: 'explore',
  engine: { kind: 'command', command: 'node engine.mjs' },
  models: ['power-loss'],
  workload: { operationCount: 4, keyCount: 2, clients: 1 },
  budget: { runs: 1 },
  expected: 'durable',
};

const COVERAGE = describeCoverage({ timeBudgetMs: 1000, runsPlanned: 2, runsDone: 2 });

const VIOLATION: Violation = {
  property: 'P1',
  replay: 'unplug replay --scenario tiny',
  message: 'lost',
  faultModel: 'power-loss',
  seed: 7,
  crashPoint: { operationIndex: 3, description: 'at operation 3' },
};

describe('buildScenarioReport', () => {
  it('reports a run without violations as durable, with its counts and a replay line for its command', () => {
    const counts = { ...zeroCounts(), runs: 2, crashes: 5 };
    const report = buildScenarioReport(SCENARIO, { seed: 42, replayFlags: [['engine', 'node x.mjs']] }, { command: 'explore', sample: new ViolationSample(), counts, startedMs: performance.now(), coverage: COVERAGE, faultsInjected: {} });
    expect(report).toMatchObject({ name: 'tiny', description: 'a tiny scenario', expected: 'durable', verdict: 'durable', violations: [], violationCount: 0 });
    expect(report.counts).toEqual({ runs: 2, crashes: 5, crashStates: 0, commitsAcked: 0 });
    expect(report.counts).not.toBe(counts);
    expect(report.replay).toBe("unplug explore --scenario tiny --seed 42 --engine 'node x.mjs'");
    expect(report.durationMs).toBeGreaterThanOrEqual(0);
    expect('expectedProperties' in report).toBe(false);
    // The key order is part of the JSON documents' stable shape.
    expect(Object.keys(report)).toEqual(['name', 'description', 'expected', 'verdict', 'violations', 'violationCount', 'counts', 'durationMs', 'replay', 'coverage', 'faultsInjected']);
    expect(report.coverage).toBe(COVERAGE);
  });

  it('reports a run with a violation as a violation, and carries the expected properties', () => {
    const sample = new ViolationSample();
    sample.add(VIOLATION);
    const scenario: Scenario = { ...SCENARIO, expected: 'violation', expectedProperties: ['P1'] };
    const report = buildScenarioReport(scenario, { seed: 1 }, { command: 'crash', sample, counts: zeroCounts(), startedMs: performance.now(), coverage: COVERAGE, faultsInjected: {} });
    expect(report).toMatchObject({ verdict: 'violation', violationCount: 1, violations: [VIOLATION], expectedProperties: ['P1'] });
    expect(report.replay).toBe('unplug crash --scenario tiny --seed 1');
  });
});
