/**
 * The named defects: real-world durability bugs that can be switched on so the
 * harness can prove it catches them. All are off by default. Each entry says
 * what the engine does wrong and which real bug it models.
 */
import type { DefectName } from '../engine-types.js';
import { DEFECT_NAMES } from '../engine-types.js';

/** What each defect does and the real-world bug it models. */
export const DEFECT_DESCRIPTIONS: Readonly<Record<DefectName, string>> = Object.freeze({
  'ack-before-sync':
    'Acknowledges a group of commits right after writing it and syncs it later. Models ' +
    'synchronous_commit=off / innodb_flush_log_at_trx_commit=2 mistaken for durable, and ' +
    'MongoDB j:false writes: an ack that a power cut can take back.',
  'skip-dir-sync':
    'Never syncs a directory, so creating, recycling (renaming) a segment and installing a ' +
    'checkpoint are not durable. Models etcd #6368 (no parent-directory fsync after the WAL ' +
    'rename) and the ALICE findings in LevelDB and others.',
  'skip-checksum':
    'Recovery does not verify record checksums, so a torn last write is replayed as data. ' +
    'Models engines that trust the length field alone (early LevelDB/RocksDB paranoid_checks=false, ' +
    'Redis AOF before checks were added).',
  'retry-fsync-after-error':
    'When a WAL sync fails, retries it; the retry succeeds because Linux marked the failed ' +
    'pages clean, and the commits are acknowledged. Models "fsyncgate" (PostgreSQL 2018, ' +
    'fixed by data_sync_retry=off: PANIC instead of retrying).',
  'recycle-before-checkpoint-sync':
    'Recycles old WAL segments before the checkpoint data file and control file are durable, so ' +
    'a crash in between leaves a control file whose redo point is in a segment that is gone. ' +
    'Models WAL-truncation-before-checkpoint bugs (e.g. RocksDB WAL deletion before MANIFEST sync).',
  'append-after-torn-tail':
    'After recovery finds a torn tail, does not zero it: new records go after the torn bytes, ' +
    'so the next recovery stops at the old garbage (or calls it corruption) and loses ' +
    'acknowledged commits written after it. Models etcd WAL repair issues and SQLite/LevelDB ' +
    'reports of appends after a partially written record.',
  'skip-sync-after-zeroing-torn-tail':
    'After recovery zeroes what a torn flush left, does not sync the zeroes. A torn flush that ' +
    'reached the next segment leaves a whole record there; when the next flush lays its record ' +
    'where the torn one was (same position, same size, same flush start) and fills the segment ' +
    'before it, a power cut brings the old record back and it chains onto the new one, so the ' +
    'next recovery replays a commit that was dropped. Models repair paths that write without the ' +
    'sync the normal path has (etcd WAL repair, SQLite journal rollback without fsync).',
  'recycle-before-archived':
    'With WAL archiving on, a checkpoint recycles or removes old segments without waiting for ' +
    'their archive copies, so a segment can leave the disk before (or while) it is archived and ' +
    'the archive has a hole. Models archivers that delete WAL on the checkpoint schedule ' +
    '(PostgreSQL before archive_status, wal-e/wal-g setups pruning pg_wal by hand).',
  'archive-rename-without-dir-sync':
    'The directory archiver syncs the copy and renames it into place but never syncs the archive ' +
    'directory, then marks the segment archived; a power cut can undo the rename after the ' +
    'segment was recycled. Models cp/rsync archive_command scripts without a directory fsync ' +
    '(the reason pgBackRest and wal-g sync the archive directory).',
  'ack-before-replica-flush':
    'With a synchronous replica, acknowledges a commit once it was handed to the replica\'s socket ' +
    'instead of once the replica reported it flushed, so losing the primary and the replica\'s ' +
    'unsynced writes together loses acknowledged commits. Models remote_write mistaken for on ' +
    '(PostgreSQL synchronous_commit=remote_write) and semi-sync replication that acks on receipt ' +
    '(MySQL AFTER_SYNC/AFTER_COMMIT confusion).',
  'cdc-emits-before-durable':
    'The change-data-capture reader (cdc/read-changes.ts) ignores the flush LSN the primary ' +
    'publishes and emits every commit it can read, unsynced ones included, so a power cut can take ' +
    'back a change a consumer already acted on. Models log tailers that read the WAL or binlog ' +
    'through the page cache (Debezium-style readers of a file not yet fsynced, sync_binlog=0).',
});

/** A set of switched-on defects. */
export class DefectSet {
  private readonly enabled: ReadonlySet<DefectName>;

  constructor(names: readonly DefectName[] = []) {
    this.enabled = new Set(names);
  }

  /** True when `name` is switched on. */
  has(name: DefectName): boolean {
    return this.enabled.has(name);
  }

  /** The switched-on defects in DEFECT_NAMES order. */
  names(): readonly DefectName[] {
    return DEFECT_NAMES.filter((name) => this.enabled.has(name));
  }
}
