/**
 * R1 and R2 on hand-made failovers: a replica that has every acknowledged
 * commit passes; one that lost the last two acknowledged commits violates R1
 * (with the bound of the loss stated) but not R2; one with a hole violates R2.
 */
import { describe, expect, it } from 'vitest';
import { makeCommitValue } from '../workload/commit-value.js';
import type { CommitEntry, CommitHistory } from './commit-history.js';
import { checkFailover } from './failover-property.js';

const value = (tx: number, key: string): string => makeCommitValue(tx, key, 40);
const commit = (tx: number, key: string, status: CommitEntry['status'] = 'acknowledged'): CommitEntry => ({
  tx,
  writes: [[key, value(tx, key)]],
  status,
  ...(status === 'acknowledged' ? { lsn: `0/${(0x1000 + tx * 0x40).toString(16).toUpperCase()}`, acknowledgedAt: tx * 2 + 1 } : {}),
  issuedAt: tx * 2,
});
const history: CommitHistory = { initialEntries: new Map(), commits: [commit(1, 'a'), commit(2, 'b'), commit(3, 'c'), commit(4, 'd'), commit(5, 'e', 'in-flight')] };
const ackTimes = new Map([[1, 1000], [2, 1010], [3, 1040], [4, 1050]]);
const stateOf = (txs: readonly number[]): [string, string][] => history.commits.filter((entry) => txs.includes(entry.tx)).map((entry) => [entry.writes[0]![0], entry.writes[0]![1]!]);

describe('failover properties', () => {
  it('hold when the promoted replica has every acknowledged commit (an in-flight one may go either way)', () => {
    expect(checkFailover(history, { kind: 'recovered', entries: stateOf([1, 2, 3, 4]) }, ackTimes, 1060).findings).toEqual([]);
    expect(checkFailover(history, { kind: 'recovered', entries: stateOf([1, 2, 3, 4, 5]) }, ackTimes, 1060).loss.acknowledgedLost).toBe(0);
  });

  it('R1 reports a lost suffix with its bound; R2 holds', () => {
    const judgement = checkFailover(history, { kind: 'recovered', entries: stateOf([1, 2]) }, ackTimes, 1060);
    expect(judgement.loss).toEqual({ acknowledgedLost: 2, lostSpanMs: 10, lostWindowMs: 20 });
    expect(judgement.findings.map((finding) => finding.property)).toEqual(['R1', 'R1']);
    expect(judgement.findings[0]?.message).toMatch(/2 acknowledged commits lost in failover, acknowledged over 10 ms, the first 20 ms before the primary crashed/);
  });

  it('R2 reports a hole: a lost commit followed by one that survived', () => {
    const judgement = checkFailover(history, { kind: 'recovered', entries: stateOf([1, 3, 4]) }, ackTimes, 1060);
    expect(judgement.findings.map((finding) => finding.property).sort()).toEqual(['R1', 'R2']);
    expect(judgement.findings.find((finding) => finding.property === 'R2')?.message).toMatch(/hole in the commit order: tx 2/);
  });
});
