import { describe, expect, it } from 'vitest';
import type { ScenarioReport } from '../../reports/report-types.js';
import { coverageOf, describeCoverage } from './scenario-coverage.js';

describe('describeCoverage', () => {
  it('has no notes when the run did everything it planned', () => {
    const coverage = describeCoverage({ timeBudgetMs: 25_000, runsPlanned: 4, runsDone: 4, boundariesExplored: 90, boundariesSkipped: 0, shrinkAttempts: 12, shrinkCutByTimeBudget: false });
    expect(coverage.cutByTimeBudget).toBe(false);
    expect(coverage.notes).toEqual([]);
  });

  it('says how many runs and boundaries an explore run covered when the budget cut it', () => {
    const coverage = describeCoverage({ timeBudgetMs: 4000, runsPlanned: 80, runsDone: 3, boundariesExplored: 70, boundariesSkipped: 12 });
    expect(coverage.cutByTimeBudget).toBe(true);
    expect(coverage.notes).toEqual(['the time budget (4 s) cut the run short: 3 of 80 runs, explored 70 of 82 boundaries of their traces']);
  });

  it('reports boundaries skipped inside the runs it did, even when every run was started', () => {
    expect(describeCoverage({ timeBudgetMs: 800, runsPlanned: 1, runsDone: 1, boundariesExplored: 5, boundariesSkipped: 30 }).notes).toEqual([
      'the time budget (800 ms) cut the run short: 1 of 1 runs, explored 5 of 35 boundaries of their traces',
    ]);
  });

  it('reports crash cycles for live runs, and shrinking the budget stopped', () => {
    const live = describeCoverage({ timeBudgetMs: 25_000, runsPlanned: 4, runsDone: 3, cyclesPlanned: 12, cyclesRun: 7 });
    expect(live.notes).toEqual(['the time budget (25 s) cut the run short: 3 of 4 runs, 7 of 12 crash cycles']);
    const shrinking = describeCoverage({ timeBudgetMs: 25_000, runsPlanned: 2, runsDone: 2, shrinkAttempts: 5, shrinkCutByTimeBudget: true, maskShrinkAttempts: 0, maskShrinkCutByTimeBudget: true });
    expect(shrinking.cutByTimeBudget).toBe(true);
    expect(shrinking.notes).toEqual([
      'the time budget (25 s) stopped shrinking the workload after 5 attempts: the counterexample may not be minimal',
      'the time budget (25 s) stopped shrinking the surviving writes after 0 candidates: the mask may not be minimal',
    ]);
  });
});

describe('faults that never fired', () => {
  it('notes an asked fault with no injection on every output, without calling it a budget cut', () => {
    const coverage = describeCoverage({ timeBudgetMs: 25_000, runsPlanned: 6, runsDone: 6, faultsAsked: ['eio-fsync', 'enospc'], faultsInjected: { enospc: 3 } });
    expect(coverage.cutByTimeBudget).toBe(false);
    expect(coverage.notes).toEqual(['the eio-fsync fault this scenario asks for never fired in 6 runs: the verdict says nothing about eio-fsync']);
    expect(describeCoverage({ timeBudgetMs: 1, runsPlanned: 1, runsDone: 1, faultsAsked: ['enospc'], faultsInjected: { enospc: 1 } }).notes).toEqual([]);
  });
});

describe('coverageOf', () => {
  it('reads the coverage a runner attached, and nothing from a report without one', () => {
    const report = { name: 'x' } as unknown as ScenarioReport;
    expect(coverageOf(report)).toBeUndefined();
    const coverage = describeCoverage({ timeBudgetMs: 1, runsPlanned: 1, runsDone: 1 });
    expect(coverageOf({ ...report, coverage } as ScenarioReport)).toBe(coverage);
  });
});
