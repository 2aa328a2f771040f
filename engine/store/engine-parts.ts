/**
 * What the reference engine is made of, shared by the three places that build
 * or use it: `openEngine` prepares the parts after recovery, `ReferenceEngine`
 * runs on them, and the checkpoint procedure advances the log position.
 */
import type { SegmentArchiver } from '../archive/segment-archiver.js';
import type { ReplicationHook } from '../replication/replication-hook.js';
import type { WalBloatAlarm } from '../archive/wal-bloat-alarm.js';
import type { FlushLsnPublisher } from '../cdc/flush-lsn-slot.js';
import type { RecoveryReport } from '../engine-types.js';
import type { FileSystem } from '../fs/file-system.js';
import type { Lsn } from '../wal/lsn.js';
import type { SegmentGeometry } from '../wal/segment-geometry.js';
import type { ControlRecord } from './control-file.js';
import type { DefectSet } from './defects.js';
import type { Durability } from './durability-policy.js';
import type { RecoveredStore } from './recover-store.js';

/** Everything the engine needs, prepared by openEngine. */
export interface EngineParts {
  readonly fileSystem: FileSystem;
  readonly directory: string;
  readonly geometry: SegmentGeometry;
  readonly durability: Durability;
  readonly defects: DefectSet;
  readonly checkpointWalBytes: number;
  readonly recovered: RecoveredStore;
  readonly recovery: RecoveryReport;
  /** WAL archiving (engine/archive/), when configured. */
  readonly archiver?: SegmentArchiver | undefined;
  /** Streaming replication to a replica (engine/replication/), when serving one. */
  readonly replication?: ReplicationHook | undefined;
  /** The archive directory, read by a replica's catch-up when the retained WAL is not enough. */
  readonly archiveDirectory?: string | undefined;
  /** The WAL-bloat alarm, when a threshold is configured. */
  readonly walAlarm?: WalBloatAlarm | undefined;
  /** Change data capture: where the durable end of the log is published, when `publishFlushLsn` is on. */
  readonly flushLsnPublisher?: FlushLsnPublisher | undefined;
}

/** Mutable log position and checkpoint bookkeeping, shared with the checkpoint procedure. */
export interface LogPosition {
  endLsn: Lsn;
  lastRecordLsn: Lsn;
  /** The control record on disk: the current checkpoint and the store's identity. */
  control: ControlRecord;
  walBytesSinceCheckpoint: number;
}
