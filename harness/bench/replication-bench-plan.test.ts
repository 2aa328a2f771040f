/**
 * `unplug bench --replica` plans the replication cells (no replica, an
 * asynchronous one, a synchronous one, each at 1 and 64 clients) after the
 * rest of the run, each variant on its own engine instance; without the flag
 * there are none.
 */
import { describe, expect, it } from 'vitest';
import { engineGroupKey, planBenchCells, type BenchOptions } from './bench-plan.js';

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
