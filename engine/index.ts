/**
 * The reference engine's public library API: open an engine, commit batches of
 * writes, read, checkpoint, close; plus the file systems it runs on.
 */
export { openEngine, CHECKPOINT_SEGMENTS_DEFAULT } from './store/open-engine.js';
export { DEFECT_DESCRIPTIONS } from './store/defects.js';
export { formatLsn, parseLsn } from './wal/lsn.js';
export type { Lsn } from './wal/lsn.js';
export {
  DEFECT_NAMES,
  ENGINE_LIMITS,
  EngineError,
  SYNC_METHODS,
} from './engine-types.js';
export type {
  CommitReceipt,
  DefectName,
  Engine,
  EngineErrorCode,
  EngineOptions,
  EngineStats,
  RecoveryOutcome,
  RecoveryReport,
  SyncMethod,
  Write,
} from './engine-types.js';
export { FileSystemError, baseName, joinPath, parentDirectory } from './fs/file-system.js';
export type { FileHandle, FileSystem, FileSystemErrorCode, OpenOptions, SyncKind, WriteSyncMode } from './fs/file-system.js';
export { NodeFileSystem } from './fs/node-file-system.js';
export { MemFileSystem } from './fs/mem-file-system.js';
export { CountingFileSystem } from './fs/counting-file-system.js';
export { ForwardingFileHandle, ForwardingFileSystem } from './fs/forwarding-file-system.js';
export { openReplicationSender } from './replication/replication-sender.js';
export { openReplica } from './replication/replica-engine.js';
export type { ReplicaEngine } from './replication/replica-engine.js';
export type { ReplicationSenderSettings } from './replication/replication-settings.js';
export type { ReplicationStatus } from './replication/replication-hook.js';
export type { PromoteReceipt } from './engine-types.js';
export { readChanges, encodeChangeLine, parseChangeLine, CdcError } from './cdc/index.js';
export type { Change, CdcErrorCode, ReadChangesOptions } from './cdc/index.js';
