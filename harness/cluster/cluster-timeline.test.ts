import { describe, expect, it } from 'vitest';
import type { CommitEntry, CommitHistory } from '../oracle/commit-history.js';
import { windowTimeline } from '../../reports/html/timeline-model.js';
import { renderTimelineStrip } from '../../reports/html/timeline-strip-svg.js';
import { buildClusterTimeline } from './cluster-timeline.js';

/** Four commits on the logical clock: tx 1-3 acknowledged (ticks 2, 4, 6), tx 4 in flight. */
function history(): CommitHistory {
  const acknowledged = (tx: number): CommitEntry => ({ tx, writes: [], issuedAt: 2 * tx - 1, status: 'acknowledged', lsn: `0/${tx}0`, acknowledgedAt: 2 * tx });
  return { initialEntries: new Map(), commits: [acknowledged(1), acknowledged(2), acknowledged(3), { tx: 4, writes: [], issuedAt: 7, status: 'in-flight' }] };
}

describe('buildClusterTimeline', () => {
  it('puts acks on the primary lane marked held or lost, the failure on the machine it struck, then promotion and holdings on the replica', () => {
    const timeline = buildClusterTimeline({ history: history(), failure: 'both-power-loss', failedAtTick: 6, primaryCrashedAtTick: 6, lostTxs: [3], promotion: { kind: 'promoted', timeline: 2, lsn: '0/30' } });
    expect(timeline.map((event) => [event.index, event.kind, event.machine, event.survived])).toEqual([
      [2, 'ack', 'primary', true],
      [4, 'ack', 'primary', true],
      [6, 'ack', 'primary', false],
      [6, 'fault', 'replica', undefined],
      [6, 'crash', 'primary', undefined],
      [8, 'output', 'replica', undefined],
      [9, 'output', 'replica', undefined],
    ]);
    expect(timeline[2]?.detail).toBe('tx 3 at 0/30');
    expect(timeline[5]?.detail).toBe('promoted to primary at 0/30 (timeline 2)');
    expect(timeline[6]?.detail).toBe('holds 2 of 3 acknowledged commits; lost tx 3');

    const window = windowTimeline(timeline);
    expect(window.events.map((classified) => classified.status)).toEqual(['survived', 'survived', 'lost', 'fault', 'crash', 'after-crash', 'after-crash']);
    const svg = renderTimelineStrip(window, 'both-power-loss after 3 acknowledged commits');
    expect(svg).toContain('>primary machine</text>');
    expect(svg).toContain('>replica machine</text>');
    expect(svg).toContain('#6 ack on the primary: tx 3 at 0/30 (write, directory entry or acknowledged commit lost in the crash)');
    // Two lanes, not a lane per file plus one for acks.
    expect(svg.match(/class="lane"/g)).toHaveLength(2);
  });

  it('says why there was no promotion and marks nothing lost when the replica holds every ack', () => {
    const timeline = buildClusterTimeline({ history: history(), failure: 'replica-power-loss', failedAtTick: 4, primaryCrashedAtTick: 6, lostTxs: [], promotion: { kind: 'failed', message: 'CORRUPT: bad record' } });
    expect(timeline.filter((event) => event.kind === 'ack').every((event) => event.survived === true)).toBe(true);
    expect(timeline.find((event) => event.kind === 'fault')).toMatchObject({ index: 4, machine: 'replica' });
    expect(timeline.find((event) => event.kind === 'crash')).toMatchObject({ index: 6, machine: 'primary' });
    expect(timeline.at(-2)?.detail).toBe('no promotion: CORRUPT: bad record');
    expect(timeline.at(-1)?.detail).toBe('holds 3 of 3 acknowledged commits');
  });
});

describe('the crash on the primary lane', () => {
  it('follows every acknowledgement, even one read after the failure struck', () => {
    const timeline = buildClusterTimeline({ history: history(), failure: 'primary-crash', failedAtTick: 2, primaryCrashedAtTick: 2, lostTxs: [2, 3], promotion: { kind: 'promoted', timeline: 2 } });
    expect(timeline.map((event) => event.kind)).toEqual(['ack', 'ack', 'ack', 'crash', 'output', 'output']);
    expect(windowTimeline(timeline).events.filter((classified) => classified.status === 'lost')).toHaveLength(2);
  });
});

describe('an acknowledged commit past the promotion LSN', () => {
  it('is marked lost even when the oracle names no finding for it (it judges keys, not the WAL)', () => {
    const timeline = buildClusterTimeline({ history: history(), failure: 'primary-crash', failedAtTick: 6, primaryCrashedAtTick: 6, lostTxs: [], promotion: { kind: 'promoted', timeline: 2, lsn: '0/20' } });
    expect(timeline.filter((event) => event.kind === 'ack').map((event) => [event.detail, event.survived])).toEqual([
      ['tx 1 at 0/10', true],
      ['tx 2 at 0/20', false],
      ['tx 3 at 0/30', false],
    ]);
    expect(timeline.at(-1)?.detail).toBe('holds 1 of 3 acknowledged commits; lost tx 2, 3');
  });
});
