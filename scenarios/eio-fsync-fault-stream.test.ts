/**
 * `--fault eio-fsync` draws a fault stream per run (forked from the seed by
 * run index), so every campaign seed injects faults somewhere; the report
 * counts them. Against the correct engine every seed stays durable; with the
 * retry-fsync-after-error defect every seed is caught. (It once drew one
 * stream for the whole campaign: for 5 of 6 seeds no fault fired at all.)
 */
import { describe, expect, it } from 'vitest';
import { applyFaultSelection, parseFaultNames } from '../harness/core/fault-selection.js';
import type { Scenario } from '../harness/core/scenario.js';
import { runExploreScenario } from '../harness/runner/explore/explore-scenario.js';
import { baselinePowerLoss } from './baseline-power-loss.js';

const SEEDS = [1, 2, 3, 4, 5, 6];
const RUNS = 30;
const selected = applyFaultSelection(baselinePowerLoss, parseFaultNames(['eio-fsync']));
const defective: Scenario = { ...selected, engine: { kind: 'reference', options: { ...baselinePowerLoss.engine.options, defects: ['retry-fsync-after-error'] } } };

describe('--fault eio-fsync over six seeds', () => {
  it.each(SEEDS)('seed %i: faults are injected and the correct engine stays durable', async (seed) => {
    const report = await runExploreScenario(selected, { seed, runs: RUNS });
    expect(report.faultsInjected?.['eio-fsync'] ?? 0).toBeGreaterThan(0);
    expect(report.verdict).toBe('durable');
    expect(report.coverage?.notes ?? []).toEqual([]);
  });

  it.each(SEEDS)('seed %i: retry-fsync-after-error is caught', async (seed) => {
    const report = await runExploreScenario(defective, { seed, runs: RUNS });
    expect(report.faultsInjected?.['eio-fsync'] ?? 0).toBeGreaterThan(0);
    expect(report.verdict).toBe('violation');
  });
});
