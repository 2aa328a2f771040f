/**
 * The two-lane timeline of a failover for the HTML report: the primary's lane
 * carries every acknowledged commit with its LSN, each marked by whether the
 * promoted replica holds it (the lost ones are the violation); the failure sits
 * on the lane of the machine it struck, at the logical tick it struck; after it
 * come the promotion and what the promoted replica holds against what was
 * acknowledged, on the replica's lane. Event indexes are the run's logical
 * clock (one tick per commit issued or answered, cluster-history.ts), so both
 * lanes share one time axis.
 *
 * An acknowledged commit is marked lost when the oracle found it missing from
 * the promoted replica's state, or when its LSN (the start of its first
 * record) is at or past the LSN the replica was promoted at (the end of the
 * WAL it holds; the replica's WAL is the primary's, byte for byte). Both are
 * needed: the oracle judges each key's value, so it need not name every commit
 * the replica's WAL lacks, and a replica that applied a record it never made
 * durable would hold data its WAL does not.
 *
 * The replica's flushed-LSN reports are not recorded by the run, so they are
 * not drawn.
 */
import type { TimelineEvent } from '../../reports/report-types.js';
import type { ClusterFailure } from '../core/scenario.js';
import type { CommitHistory } from '../oracle/commit-history.js';
import { assertNever } from '../../engine/invariants.js';
import { parseLsn } from '../../engine/wal/lsn.js';

/** Acknowledged commits kept: the last ones before the failure, where the story is. */
export const CLUSTER_TIMELINE_ACKS_MAX = 300;

/** What the failover did after the failure. */
export type PromotionOutcome = { readonly kind: 'promoted'; readonly timeline: number | undefined; readonly lsn?: string | undefined } | { readonly kind: 'failed'; readonly message: string };

/** Everything the cluster timeline is drawn from. */
export interface ClusterTimelineInput {
  readonly history: CommitHistory;
  readonly failure: ClusterFailure;
  /** The logical tick at which the failure struck the first machine. */
  readonly failedAtTick: number;
  /** The logical tick at which the primary's death was seen (later than `failedAtTick` when the replica lost power first). */
  readonly primaryCrashedAtTick: number;
  /** The acknowledged transactions the promoted replica does not hold. */
  readonly lostTxs: readonly number[];
  readonly promotion: PromotionOutcome;
}

/** The failure's events, each on the lane of the machine it struck; the `crash` event is the primary's death. */
function failureEvents(input: ClusterTimelineInput, lastAckTick: number): TimelineEvent[] {
  // Every acknowledgement was sent before the primary died, even one read from its pipe after the kill was sent.
  const crashTick = Math.max(input.primaryCrashedAtTick, lastAckTick);
  const crash = (detail: string): TimelineEvent => ({ index: crashTick, kind: 'crash', machine: 'primary', detail });
  switch (input.failure) {
    case 'primary-crash':
      return [crash('primary killed (SIGKILL)')];
    case 'both-power-loss':
      return [{ index: input.failedAtTick, kind: 'fault', machine: 'replica', detail: 'replica lost power (unsynced writes dropped)' }, crash('primary lost power with the replica')];
    case 'replica-power-loss':
      return [{ index: input.failedAtTick, kind: 'fault', machine: 'replica', detail: 'replica lost power (unsynced writes dropped), restarted and caught up' }, crash('primary killed (SIGKILL) after the replica restarted')];
    default:
      return assertNever(input.failure, 'cluster failure');
  }
}

/** Builds the two-lane timeline of one failover. */
export function buildClusterTimeline(input: ClusterTimelineInput): TimelineEvent[] {
  const switchLsn = input.promotion.kind === 'promoted' && input.promotion.lsn !== undefined ? parseLsn(input.promotion.lsn) : undefined;
  const pastSwitch = (lsn: string | undefined): boolean => {
    const commitLsn = lsn === undefined ? undefined : parseLsn(lsn);
    return switchLsn !== undefined && commitLsn !== undefined && commitLsn >= switchLsn;
  };
  const acknowledged = input.history.commits.filter((commit) => commit.status === 'acknowledged');
  const lost = new Set([...input.lostTxs, ...acknowledged.filter((commit) => pastSwitch(commit.lsn)).map((commit) => commit.tx)]);
  const acks = acknowledged.map((commit): TimelineEvent => ({ index: commit.acknowledgedAt ?? commit.issuedAt, kind: 'ack', machine: 'primary', detail: `tx ${commit.tx} at ${commit.lsn ?? '?'}`, survived: !lost.has(commit.tx) }));
  // Stable sort: a failure struck at the tick of an acknowledgement is drawn after it.
  const lastAckTick = Math.max(0, ...acks.map((event) => event.index));
  const beforeFailover = [...acks.slice(-CLUSTER_TIMELINE_ACKS_MAX), ...failureEvents(input, lastAckTick)].sort((left, right) => left.index - right.index);
  // The failover follows every tick the run recorded, commits issued or answered after the failure included.
  const lastTick = input.history.commits.reduce((latest, commit) => Math.max(latest, commit.issuedAt, commit.acknowledgedAt ?? 0), input.primaryCrashedAtTick);
  const afterTick = lastTick + 1;
  const promotion: TimelineEvent =
    input.promotion.kind === 'promoted'
      ? { index: afterTick, kind: 'output', machine: 'replica', detail: `promoted to primary${input.promotion.lsn === undefined ? '' : ` at ${input.promotion.lsn}`}${input.promotion.timeline === undefined ? '' : ` (timeline ${input.promotion.timeline})`}` }
      : { index: afterTick, kind: 'output', machine: 'replica', detail: `no promotion: ${input.promotion.message}` };
  const held = acknowledged.length - acknowledged.filter((commit) => lost.has(commit.tx)).length;
  const lostList = [...lost].sort((left, right) => left - right);
  const holds: TimelineEvent = {
    index: afterTick + 1,
    kind: 'output',
    machine: 'replica',
    detail: `holds ${held} of ${acknowledged.length} acknowledged commits${lostList.length === 0 ? '' : `; lost tx ${lostList.slice(0, 20).join(', ')}${lostList.length > 20 ? ', …' : ''}`}`,
  };
  return [...beforeFailover, promotion, holds];
}
