/**
 * Engine defect skip-sync-after-zeroing-torn-tail, caught by a crash during
 * the continuation of a recovery (explore's recovery runs).
 *
 * Why the workload is shaped so: in this engine an unsynced zeroing loses
 * something only in one layout. Stale bytes of a torn flush are otherwise
 * harmless: the next flush's fdatasync covers the zeroes in its own segment,
 * and a stale record elsewhere neither chains (its `previousLsn` names a record
 * the new log does not have) nor counts as a later flush (its `flushLsn` is at
 * or before every later stop). The layout that loses: a group flush puts commit
 * c1 last in segment 1 and c2 first in segment 2; the crash keeps only c2
 * (power-loss-prefix keeps a prefix of each file's unsynced writes). Recovery
 * drops both and zeroes c2 without a sync. The next commit starts at c1's
 * position with c1's flush start and again fills segment 1, so it is synced
 * without touching segment 2; a power loss before segment 2 is written brings
 * c2 back, and c2 chains onto it: the second recovery replays a commit the
 * first one dropped. The oracle flags that as P4 (a value of a commit that is
 * not in the history since the first recovery: resurrected), and as P1 when the
 * old value hides a newer acknowledged one. It is not a refusal: the store
 * opens, with the wrong contents, which is worse than a CORRUPT error.
 * A crash strictly inside the recovery cannot show it (losing the unsynced
 * zeroes only gives back the state recovery started from, which it handles);
 * the recovery run's crash has to come after its first commit, which explore's
 * recovery runs check at every boundary. Values of one size (939 filler bytes, 4 per
 * 4 KiB segment, each record 1008 or 1016 bytes whatever the tx id's width)
 * make that layout common; the correct engine passes the same configuration
 * (crash-during-recovery.test.ts).
 */
import type { Scenario } from '../harness/core/scenario.js';

/** The configuration both the defect and the correct engine run (the test swaps the defect out). */
export const ZEROING_LAYOUT = {
  segmentSizeBytes: 4096,
  workload: {
    operationCount: 16,
    keyCount: 4,
    clients: 3,
    writesPerCommitMax: 1,
    valueSizeBytesMin: 939,
    valueSizeBytesMax: 939,
    deleteFraction: 0,
  },
} as const;

export const defectSkipSyncAfterZeroingTornTail = {
  name: 'defect-skip-sync-after-zeroing-torn-tail',
  description:
    'Reference engine with defect skip-sync-after-zeroing-torn-tail: recovery zeroes a torn flush without syncing the zeroes. ' +
    'Found by crashing after the commits that follow a recovery: a record the recovery dropped comes back and is replayed.',
  mode: 'explore',
  engine: { kind: 'reference', options: { segmentSizeBytes: ZEROING_LAYOUT.segmentSizeBytes, defects: ['skip-sync-after-zeroing-torn-tail'] } },
  models: ['power-loss-prefix', 'power-loss'],
  workload: ZEROING_LAYOUT.workload,
  budget: { runs: 8, recoveryRuns: 64 },
  expected: 'violation',
  expectedProperties: ['P1', 'P3', 'P4'],
} as const satisfies Scenario;
