import { describe, expect, it } from 'vitest';
import type { CommitHistory } from './commit-history.js';
import { checkRestoredAtTarget, committedStateAt } from './point-in-time-property.js';

const history: CommitHistory = {
  initialEntries: new Map([['base', 'b0']]),
  commits: [
    { tx: 1, writes: [['a', 'a1']], status: 'acknowledged', lsn: '0/1000', issuedAt: 0, acknowledgedAt: 1 },
    // Acknowledged out of LSN order: the oracle orders by LSN, not by ack.
    { tx: 3, writes: [['a', 'a3'], ['base', null]], status: 'acknowledged', lsn: '0/1100', issuedAt: 2, acknowledgedAt: 3 },
    { tx: 2, writes: [['b', 'b2']], status: 'acknowledged', lsn: '0/1080', issuedAt: 1, acknowledgedAt: 4 },
    { tx: 4, writes: [['a', 'a4']], status: 'acknowledged', lsn: '1/0', issuedAt: 5, acknowledgedAt: 6 },
  ],
};

describe('B1: a point-in-time restore equals the committed state at its target', () => {
  it('includes every acknowledged commit at or before the target, in LSN order, and nothing after', () => {
    expect(committedStateAt(history, '0/FFF')).toEqual([['base', 'b0']]);
    expect(committedStateAt(history, '0/1000')).toEqual([['a', 'a1'], ['base', 'b0']]);
    expect(committedStateAt(history, '0/10FF')).toEqual([['a', 'a1'], ['b', 'b2'], ['base', 'b0']]);
    expect(committedStateAt(history, '0/1100')).toEqual([['a', 'a3'], ['b', 'b2']]);
    expect(committedStateAt(history, 'FFFF/0')).toEqual([['a', 'a4'], ['b', 'b2']]);
  });

  it('passes the exact state and reports one commit too many or too few', () => {
    expect(checkRestoredAtTarget(history, '0/1080', [['a', 'a1'], ['b', 'b2'], ['base', 'b0']])).toEqual([]);
    const tooMany = checkRestoredAtTarget(history, '0/1080', [['a', 'a3'], ['b', 'b2']]);
    expect(tooMany.map((finding) => finding.property)).toEqual(['B1', 'B1']);
    expect(tooMany[0]).toMatchObject({ key: 'a', expectedValue: 'a1', actualValue: 'a3', tx: 3 });
    expect(tooMany[0]?.message).toMatch(/restored to 0\/1080, key "a" holds "a3", the committed state there has "a1" \(the restored value was written by tx 3 at 0\/1100\)/);
    const tooFew = checkRestoredAtTarget(history, '0/1080', [['a', 'a1'], ['base', 'b0']]);
    expect(tooFew).toHaveLength(1);
    expect(tooFew[0]).toMatchObject({ property: 'B1', key: 'b', expectedValue: 'b2', actualValue: null });
  });
});
