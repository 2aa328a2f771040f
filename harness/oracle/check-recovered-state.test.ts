import { describe, expect, it } from 'vitest';
import type { Write } from '../../engine/engine-types.js';
import { makeCommitValue } from '../workload/commit-value.js';
import { checkRecoveredState } from './check-recovered-state.js';
import { historyAtBoundary, type CommitEntry, type CommitHistory } from './commit-history.js';
import type { RecoveryResult } from './oracle-types.js';

const value = (tx: number, key: string): string => makeCommitValue(tx, key, 24);
const lsn = (position: number): string => `0/${position.toString(16).toUpperCase()}`;

/** A sequential history: tx i issued at 2i, acked at 2i+1 with LSN 100i, unless its status says otherwise. */
function sequential(commits: readonly { tx: number; writes: readonly Write[]; status?: CommitEntry['status'] }[], initial: Record<string, string> = {}): CommitHistory {
  return {
    initialEntries: new Map(Object.entries(initial)),
    commits: commits.map(({ tx, writes, status = 'acknowledged' }, index): CommitEntry => ({
      tx,
      writes,
      status,
      issuedAt: 2 * index,
      ...(status === 'acknowledged' ? { acknowledgedAt: 2 * index + 1, lsn: lsn(100 * (index + 1)) } : {}),
    })),
  };
}

const recovered = (entries: Record<string, string>): RecoveryResult => ({ kind: 'recovered', entries: Object.entries(entries).sort() });
const properties = (history: CommitHistory, recovery: RecoveryResult, faultModel = 'power-loss'): string[] =>
  [...new Set(checkRecoveredState(history, recovery, { faultModel }).map((finding) => finding.property))].sort();

const threeCommits = sequential([
  { tx: 1, writes: [['a', value(1, 'a')], ['b', value(1, 'b')]] },
  { tx: 2, writes: [['a', value(2, 'a')]] },
  { tx: 3, writes: [['c', value(3, 'c')], ['b', null]] },
]);

describe('checkRecoveredState passes correct states', () => {
  it('accepts every acknowledged commit applied in order', () => {
    expect(checkRecoveredState(threeCommits, recovered({ a: value(2, 'a'), c: value(3, 'c') }), { faultModel: 'power-loss' })).toEqual([]);
  });

  it('accepts an in-flight commit either way', () => {
    const history = sequential([{ tx: 1, writes: [['a', value(1, 'a')]] }, { tx: 2, writes: [['b', value(2, 'b')]], status: 'in-flight' }]);
    expect(properties(history, recovered({ a: value(1, 'a') }))).toEqual([]);
    expect(properties(history, recovered({ a: value(1, 'a'), b: value(2, 'b') }))).toEqual([]);
  });

  it('accepts concurrent in-flight commits recovered in either order', () => {
    const base: CommitEntry[] = [
      { tx: 1, writes: [['a', value(1, 'a')]], status: 'in-flight', issuedAt: 0 },
      { tx: 2, writes: [['a', value(2, 'a')]], status: 'in-flight', issuedAt: 1 },
    ];
    const history: CommitHistory = { initialEntries: new Map(), commits: base };
    expect(properties(history, recovered({ a: value(1, 'a') }))).toEqual([]);
    expect(properties(history, recovered({ a: value(2, 'a') }))).toEqual([]);
  });

  it('accepts the starting state of a chained cycle', () => {
    const history = sequential([{ tx: 5, writes: [['b', value(5, 'b')]] }], { a: value(1, 'a') });
    expect(properties(history, recovered({ a: value(1, 'a'), b: value(5, 'b') }))).toEqual([]);
  });

  it('accepts losing a suffix of the log under bitrot, but not a hole or a wrong value', () => {
    expect(properties(threeCommits, recovered({ a: value(1, 'a'), b: value(1, 'b') }), 'bitrot')).toEqual([]);
    expect(properties(threeCommits, recovered({ a: value(1, 'a'), c: value(3, 'c') }), 'bitrot')).toEqual(['P3']);
    expect(properties(threeCommits, recovered({ a: 't2:a|flipped' }), 'bitrot')).toContain('P4');
  });

  it('accepts a clear corruption error under bitrot', () => {
    expect(properties(threeCommits, { kind: 'failed', code: 'CORRUPT', message: 'bad checksum in 000000010000000000000001 at 4096' }, 'bitrot')).toEqual([]);
  });
});

describe('checkRecoveredState reports each property when violated', () => {
  it('P1: an acknowledged commit is lost', () => {
    const findings = checkRecoveredState(threeCommits, recovered({ a: value(1, 'a'), b: value(1, 'b') }), { faultModel: 'power-loss' });
    const lost = findings.find((finding) => finding.property === 'P1');
    expect(lost).toMatchObject({ tx: 2, key: 'a' });
    expect(lost?.message).toContain('acknowledged tx 2');
  });

  it('P2: a commit is torn (one write survived, the other did not)', () => {
    const history = sequential([{ tx: 1, writes: [['a', value(1, 'a')], ['b', value(1, 'b')]], status: 'in-flight' }]);
    const findings = checkRecoveredState(history, recovered({ a: value(1, 'a') }), { faultModel: 'power-loss-prefix' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ property: 'P2', tx: 1, key: 'b' });
  });

  it('P3: a hole, an earlier commit lost while a later one survived', () => {
    const history = sequential([
      { tx: 1, writes: [['a', value(1, 'a')]], status: 'acknowledged' },
      { tx: 2, writes: [['b', value(2, 'b')]], status: 'acknowledged' },
      { tx: 3, writes: [['c', value(3, 'c')]], status: 'in-flight' },
    ]);
    const findings = checkRecoveredState(history, recovered({ a: value(1, 'a'), c: value(3, 'c') }), { faultModel: 'power-loss-blocks' });
    expect(findings.find((finding) => finding.property === 'P3')).toMatchObject({ tx: 2 });
  });

  it('P3: a hole between in-flight commits ordered by LSNs from later acks', () => {
    const full = sequential([
      { tx: 1, writes: [['a', value(1, 'a')]] },
      { tx: 2, writes: [['b', value(2, 'b')]] },
    ]);
    // Cut at boundary 0, before either ack: both are in flight, but their LSNs still order them.
    const cut = historyAtBoundary({ ...full, commits: full.commits.map((commit) => ({ ...commit, issuedAt: 0 })) }, 0);
    expect(cut.commits.every((commit) => commit.status === 'in-flight')).toBe(true);
    expect(properties(cut, recovered({ b: value(2, 'b') }))).toEqual(['P3']);
    expect(properties(cut, recovered({ a: value(1, 'a') }))).toEqual([]);
  });

  it('P4: garbage, a torn value and a resurrected value', () => {
    const history = sequential([{ tx: 1, writes: [['a', value(1, 'a')]] }]);
    const torn = `${value(1, 'a').slice(0, 10)}\u0000\u0000`;
    const findings = checkRecoveredState(history, recovered({ a: value(1, 'a'), g: 'zzz', t: torn, r: value(99, 'r') }), { faultModel: 'torn-sectors' });
    expect(findings.map((finding) => [finding.property, finding.key])).toEqual([
      ['P4', 'g'],
      ['P4', 'r'],
      ['P4', 't'],
    ]);
    expect(findings.find((finding) => finding.key === 'r')).toMatchObject({ tx: 99 });
  });

  it('P4: a recovery failure in a state the model allows, or a non-corruption error under bitrot', () => {
    expect(properties(threeCommits, { kind: 'failed', code: 'CORRUPT', message: 'checksum' }, 'power-loss')).toEqual(['P4']);
    expect(properties(threeCommits, { kind: 'failed', code: 'EIO', message: 'read failed' }, 'bitrot')).toEqual(['P4']);
  });

  it('P1 under concurrency: an ack received before a commit was issued orders them', () => {
    // tx 1 is acknowledged (boundary 1) before tx 2 is issued (boundary 2), so it precedes it.
    const history = sequential([{ tx: 1, writes: [['a', value(1, 'a')]] }, { tx: 2, writes: [['a', value(2, 'a')]], status: 'in-flight' }]);
    // tx 2 is in flight; the key shows tx 1's value: fine. It shows nothing: tx 1 lost.
    expect(properties(history, recovered({ a: value(1, 'a') }))).toEqual([]);
    expect(properties(history, recovered({}))).toEqual(['P1']);
  });
});
