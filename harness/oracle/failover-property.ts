/**
 * The failover properties, checked on the replica after it was promoted:
 *
 * - R1 (synchronous replication): every acknowledged commit is present on the
 *   new primary. A lost acknowledged commit is the oracle's P1 finding, made
 *   about the promoted replica instead of a recovered crash state.
 * - R2 (asynchronous replication): what failover loses is a suffix of the
 *   commit order: no holes (P3), no torn commits (P2), nothing no commit wrote
 *   (P4), again judged on the promoted replica. The bound of the loss (how many
 *   acknowledged commits, and the time their acknowledgements span) is stated
 *   in the R1 finding that lists them, so an asynchronous failover's expected R1
 *   violation reads as a measurement.
 *
 * One oracle: both are `checkRecoveredState` over the primary's commit history,
 * with its findings renamed, so failover judges exactly what crash recovery does.
 */
import { checkRecoveredState } from './check-recovered-state.js';
import type { CommitHistory } from './commit-history.js';
import type { OracleFinding, RecoveryResult } from './oracle-types.js';

/** What a failover lost, measured. */
export interface FailoverLoss {
  /** Acknowledged commits missing on the new primary. */
  readonly acknowledgedLost: number;
  /** From the first to the last acknowledgement of a lost commit, in ms (0 when at most one). */
  readonly lostSpanMs: number;
  /** From the first lost commit's acknowledgement to the primary's crash, in ms (0 when none). */
  readonly lostWindowMs: number;
}

/** The findings and the measured loss of one failover. */
export interface FailoverJudgement {
  readonly findings: readonly OracleFinding[];
  readonly loss: FailoverLoss;
  /** The acknowledged transactions the promoted replica does not hold (the timeline marks them lost). */
  readonly lostTxs: readonly number[];
}

/** Checks R1 and R2 on the promoted replica's state against the primary's history. */
export function checkFailover(
  history: CommitHistory,
  promoted: RecoveryResult,
  /** Wall-clock time (ms) each acknowledged commit's ack arrived, by tx. */
  acknowledgedAtMs: ReadonlyMap<number, number>,
  crashedAtMs: number,
): FailoverJudgement {
  const findings = checkRecoveredState(history, promoted, { faultModel: 'process-crash' });
  const lostTxs = [...new Set(findings.filter((finding) => finding.property === 'P1').map((finding) => finding.tx ?? -1))].filter((tx) => tx >= 0);
  const lostTimes = lostTxs.map((tx) => acknowledgedAtMs.get(tx)).filter((time): time is number => time !== undefined);
  const first = lostTimes.length === 0 ? undefined : Math.min(...lostTimes);
  const last = lostTimes.length === 0 ? undefined : Math.max(...lostTimes);
  const loss: FailoverLoss = {
    acknowledgedLost: lostTxs.length,
    lostSpanMs: first === undefined || last === undefined ? 0 : Math.round(last - first),
    lostWindowMs: first === undefined ? 0 : Math.max(0, Math.round(crashedAtMs - first)),
  };
  const bound = `${loss.acknowledgedLost} acknowledged commit${loss.acknowledgedLost === 1 ? '' : 's'} lost in failover, acknowledged over ${loss.lostSpanMs} ms, the first ${loss.lostWindowMs} ms before the primary crashed`;
  const renamed = findings.map((finding, index): OracleFinding => {
    if (finding.property === 'P1') {
      const summary = index === findings.findIndex((candidate) => candidate.property === 'P1') ? ` [${bound}]` : '';
      return { ...finding, property: 'R1', message: `after failover to the replica, ${finding.message}${summary}` };
    }
    if (finding.property === 'A1') return finding;
    return { ...finding, property: 'R2', message: `after failover (${finding.property}): ${finding.message}` };
  });
  return { findings: renamed, loss, lostTxs };
}
