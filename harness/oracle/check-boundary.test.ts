import { describe, expect, it } from 'vitest';
import { makeCommitValue } from '../workload/commit-value.js';
import { checkBoundary } from './check-boundary.js';
import type { CommitHistory } from './commit-history.js';

const value = (tx: number, key: string): string => makeCommitValue(tx, key, 24);

/** tx 1 acknowledged at boundary 3, tx 2 acknowledged at boundary 6. */
const history: CommitHistory = {
  initialEntries: new Map(),
  commits: [
    { tx: 1, writes: [['a', value(1, 'a')]], status: 'acknowledged', issuedAt: 0, acknowledgedAt: 3, lsn: '0/100' },
    { tx: 2, writes: [['b', value(2, 'b')]], status: 'acknowledged', issuedAt: 4, acknowledgedAt: 6, lsn: '0/200' },
  ],
};
const nothing = { kind: 'recovered', entries: [] } as const;
const properties = (findings: readonly { property: string }[]): string[] => findings.map((finding) => finding.property).sort();

describe('checkBoundary', () => {
  it('reports a commit lost right after its ack as A1 too, on the power-loss state', () => {
    expect(properties(checkBoundary({ model: 'power-loss', boundary: 3, judgeA1: true }, history, nothing))).toEqual(['A1', 'P1']);
  });

  it('judges the history as the boundary saw it: an ack after the boundary is in flight', () => {
    expect(checkBoundary({ model: 'power-loss', boundary: 2, judgeA1: true }, history, nothing)).toEqual([]);
    // At boundary 6 tx 1 is an older loss (P1 only); tx 2 was acked right there (P1 and A1).
    const findings = checkBoundary({ model: 'power-loss', boundary: 6, judgeA1: true }, history, nothing);
    expect(findings.filter((finding) => finding.property === 'A1').map((finding) => finding.tx)).toEqual([2]);
  });

  it('judges no A1 when no selected model loses unsynced work, nor on another model', () => {
    expect(properties(checkBoundary({ model: 'power-loss', boundary: 3, judgeA1: false }, history, nothing))).toEqual(['P1']);
    expect(properties(checkBoundary({ model: 'torn-sectors', boundary: 3, judgeA1: true }, history, nothing))).toEqual(['P1']);
  });

  it('an a1-only state reports A1 alone', () => {
    expect(properties(checkBoundary({ model: 'power-loss', boundary: 3, judgeA1: true, judgement: 'a1-only' }, history, nothing))).toEqual(['A1']);
    expect(checkBoundary({ model: 'power-loss', boundary: 3, judgeA1: true, judgement: 'a1-only' }, history, { kind: 'recovered', entries: [['a', value(1, 'a')]] })).toEqual([]);
  });
});
