import { describe, expect, it } from 'vitest';
import { engineGroupKey, HEADLINE_BUDGET_SHARE, HEADLINE_PIECES_PER_ROUND, HEADLINE_ROUNDS, planBenchCells, planBenchTiming, RAW_BUDGET_SHARE, type BenchOptions } from './bench-plan.js';

const OPTIONS: BenchOptions = {
  directory: '/unused',
  timeBudgetMs: 10_000,
  seed: 1,
  syncMethods: ['fdatasync', 'fsync'],
  clientCounts: [1, 8, 64, 256],
  recordSizesBytes: [100, 8192],
  driver: 'both',
  injectedLatenciesMs: [1, 20],
  peers: true,
};

describe('planBenchCells', () => {
  const cells = planBenchCells(OPTIONS);

  it('covers sync methods x record sizes x clients in-process, the child at 1 and 64, slow disk at 1/8/64, peers at 1/64', () => {
    expect(cells.filter((cell) => cell.kind === 'engine' && cell.driver === 'in-process')).toHaveLength(2 * 2 * 4);
    expect(cells.filter((cell) => cell.kind === 'engine' && cell.driver === 'child-process').map((cell) => cell.clients)).toEqual([1, 64]);
    expect(cells.filter((cell) => cell.kind === 'slow-disk')).toHaveLength(2 * 3);
    expect(cells.filter((cell) => cell.kind === 'peer')).toHaveLength(2 * 2);
  });

  it('keeps the cells of one engine instance adjacent, so each engine is opened once', () => {
    const keys = cells.map(engineGroupKey);
    const runs = keys.filter((key, index) => index === 0 || keys[index - 1] !== key);
    expect(new Set(runs).size).toBe(runs.length);
  });

  it('runs the whole matrix through the child process when asked', () => {
    const childOnly = planBenchCells({ ...OPTIONS, driver: 'child-process', injectedLatenciesMs: [], peers: false });
    expect(childOnly).toHaveLength(16);
    expect(childOnly.every((cell) => cell.kind === 'engine' && cell.driver === 'child-process')).toBe(true);
  });
});

describe('planBenchTiming', () => {
  it('gives the raw loops and the headline rounds their shares of the budget and the cells the rest', () => {
    const timing = planBenchTiming(60_000, 20, 5, true);
    expect(timing.cellMs * 20).toBeCloseTo((1 - RAW_BUDGET_SHARE - HEADLINE_BUDGET_SHARE) * 60_000);
    expect(timing.rawSliceMs * 20 * 5).toBeCloseTo(RAW_BUDGET_SHARE * 60_000);
    // 15 s of headline in rounds of seven ~100 ms pieces: 21 rounds of 102 ms pieces.
    expect(timing.headlineRounds).toBe(21);
    expect(timing.headlinePieceMs * timing.headlineRounds * HEADLINE_PIECES_PER_ROUND).toBeCloseTo(HEADLINE_BUDGET_SHARE * 60_000);
    expect(planBenchTiming(600_000, 20, 5, true).headlineRounds).toBe(HEADLINE_ROUNDS.maximum);
    expect(planBenchTiming(1000, 20, 5, true).headlineRounds).toBe(HEADLINE_ROUNDS.minimum);
  });

  it('gives the headline share to the cells when there are no headline rounds', () => {
    const timing = planBenchTiming(10_000, 20, 5, false);
    expect(timing.headlinePieceMs).toBe(0);
    expect(timing.headlineRounds).toBe(0);
    expect(timing.cellMs * 20).toBeCloseTo((1 - RAW_BUDGET_SHARE) * 10_000);
  });
});
