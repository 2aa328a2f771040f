/**
 * `unplug bench --replica` and `--archive` plan their variant cells after the
 * rest of the run, each variant on its own engine instance: no replica, an
 * asynchronous one and a synchronous one; no archiving and archiving to a
 * directory; each at 1 and 64 clients. Without the flag there are none.
 */
import { describe, expect, it } from 'vitest';
import { engineGroupKey, planBenchCells, planBenchTiming, type BenchOptions } from './bench-plan.js';

const base: BenchOptions = {
  directory: '.',
  timeBudgetMs: 1000,
  seed: 1,
  syncMethods: ['fdatasync'],
  clientCounts: [1],
  recordSizesBytes: [100],
  driver: 'in-process',
  injectedLatenciesMs: [],
  peers: false,
};

describe('replication bench cells', () => {
  it('are planned only with --replica, three variants at 1 and 64 clients, one engine each', () => {
    expect(planBenchCells(base).filter((cell) => cell.kind === 'replication')).toEqual([]);
    const cells = planBenchCells({ ...base, replication: true }).filter((cell) => cell.kind === 'replication');
    expect(cells.map((cell) => (cell.kind === 'replication' ? `${cell.mode}/${cell.clients}` : ''))).toEqual(['none/1', 'none/64', 'asynchronous/1', 'asynchronous/64', 'synchronous/1', 'synchronous/64']);
    expect(new Set(cells.map(engineGroupKey)).size).toBe(3);
  });
});

describe('archiving bench cells', () => {
  it('are planned only with --archive, two variants at 1 and 64 clients, one engine each, and share the budget like any cell', () => {
    expect(planBenchCells(base).filter((cell) => cell.kind === 'archive')).toEqual([]);
    const all = planBenchCells({ ...base, archive: true });
    const cells = all.filter((cell) => cell.kind === 'archive');
    expect(cells.map((cell) => (cell.kind === 'archive' ? `${cell.mode}/${cell.clients}` : ''))).toEqual(['off/1', 'off/64', 'directory/1', 'directory/64']);
    expect(new Set(cells.map(engineGroupKey))).toEqual(new Set(['archive:off', 'archive:directory']));
    // One matrix cell plus four archive cells: each gets a fifth of the cells' share.
    expect(planBenchTiming(10_000, all.length, 5, false).cellMs).toBeCloseTo(8000 / 5);
  });
});
