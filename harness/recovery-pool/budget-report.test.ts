import { describe, expect, it } from 'vitest';
import { BudgetAccumulator, formatBudgetLine } from './budget-report.js';

describe('BudgetAccumulator', () => {
  it('adds each span to its phase and passes results and errors through', async () => {
    const budget = new BudgetAccumulator(2);
    expect(budget.time('building', () => 41 + 1)).toBe(42);
    await budget.timeAsync('recovering', () => new Promise((resolve) => setTimeout(resolve, 5)));
    expect(() => budget.time('checking', () => { throw new Error('oracle bug'); })).toThrow('oracle bug');
    budget.countStates(6, 2);
    const report = budget.report();
    expect(report.recoveringMs).toBeGreaterThan(0);
    expect(report.tracingMs).toBe(0);
    expect([report.statesChecked, report.distinctStatesRecovered, report.jobs]).toEqual([6, 2, 2]);
  });

  it('sums scenario reports into a campaign total', () => {
    const total = new BudgetAccumulator(3);
    const part = { tracingMs: 1.5, buildingMs: 2, recoveringMs: 10, checkingMs: 0.5, distinctStatesRecovered: 4, statesChecked: 12, jobs: 3 };
    total.addReport(part);
    total.addReport(part);
    expect(total.report()).toEqual({ tracingMs: 3, buildingMs: 4, recoveringMs: 20, checkingMs: 1, distinctStatesRecovered: 8, statesChecked: 24, jobs: 3 });
  });

  it('formats one terminal line', () => {
    const line = formatBudgetLine({ tracingMs: 1234, buildingMs: 56, recoveringMs: 20_300, checkingMs: 210, distinctStatesRecovered: 310, statesChecked: 1204, jobs: 2 });
    expect(line).toBe('budget: tracing 1.2 s · building 0.1 s · recovering 20.3 s (2 jobs) · checking 0.2 s · 310 of 1,204 states recovered');
  });
});
