/**
 * The partial order the oracle may rely on. Acknowledged commits are ordered by
 * their LSNs; beyond that, a commit acknowledged before another was issued
 * precedes it (real time). An in-flight or failed commit without an LSN may sit
 * anywhere after the commits acknowledged before it was issued.
 */
import type { CommitEntry } from './commit-history.js';
import { compareLogSequenceNumbers } from './log-sequence-number.js';

/** True when `earlier` certainly precedes `later` in the commit order. */
export function mustPrecede(earlier: CommitEntry, later: CommitEntry): boolean {
  if (earlier === later) return false;
  if (earlier.lsn !== undefined && later.lsn !== undefined) {
    const comparison = compareLogSequenceNumbers(earlier.lsn, later.lsn);
    if (comparison !== undefined) return comparison < 0;
  }
  return earlier.acknowledgedAt !== undefined && earlier.acknowledgedAt < later.issuedAt;
}

/** True when `candidate` may come after `commit` in the commit order. */
export function mayFollow(candidate: CommitEntry, commit: CommitEntry): boolean {
  return candidate !== commit && !mustPrecede(candidate, commit);
}
