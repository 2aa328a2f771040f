/**
 * How the engine makes things durable, from the sync method and the defects:
 * which handles are opened O_DSYNC/O_SYNC, which sync kind the WAL uses, whether
 * files and directories are synced at all. Every sync the engine issues goes
 * through `Durability`, so `off` and `skip-dir-sync` are decided in one place.
 */
import type { FileHandle, FileSystem, SyncKind, WriteSyncMode } from '../fs/file-system.js';
import type { SyncMethod } from '../engine-types.js';
import { assertNever } from '../invariants.js';
import type { DefectSet } from './defects.js';

/** The durability choices of one engine. */
export interface DurabilityPolicy {
  /** The mode WAL segment handles are opened with. */
  readonly walHandleSyncMode: WriteSyncMode;
  /** The explicit sync after a WAL write, or undefined when the handle mode makes writes durable (or `off`). */
  readonly walSyncKind: SyncKind | undefined;
  /** The sync for segment preallocation, data and control files; undefined with `off`. */
  readonly fileSyncKind: SyncKind | undefined;
  readonly syncDirectories: boolean;
}

/** The policy for a sync method and defect set. */
export function durabilityPolicy(method: SyncMethod, defects: DefectSet): DurabilityPolicy {
  const syncDirectories = method !== 'off' && !defects.has('skip-dir-sync');
  switch (method) {
    case 'fdatasync':
      return { walHandleSyncMode: 'none', walSyncKind: 'fdatasync', fileSyncKind: 'fsync', syncDirectories };
    case 'fsync':
      return { walHandleSyncMode: 'none', walSyncKind: 'fsync', fileSyncKind: 'fsync', syncDirectories };
    case 'open_datasync':
      return { walHandleSyncMode: 'dsync', walSyncKind: undefined, fileSyncKind: 'fsync', syncDirectories };
    case 'open_sync':
      return { walHandleSyncMode: 'sync', walSyncKind: undefined, fileSyncKind: 'fsync', syncDirectories };
    case 'off':
      return { walHandleSyncMode: 'none', walSyncKind: undefined, fileSyncKind: undefined, syncDirectories: false };
    default:
      return assertNever(method, 'sync method');
  }
}

/**
 * True when WAL writes are made durable at all (every method but `off`). Only
 * then can the engine vouch for its log in witnesses, and only then does
 * recovery refuse a store whose control file was lost: with `off` a power loss
 * may keep any subset of the files, and recovery starts over as PostgreSQL
 * with fsync=off would, silently (the misconfiguration the harness must catch).
 */
export function promisesDurability(policy: DurabilityPolicy): boolean {
  return policy.walSyncKind !== undefined || policy.walHandleSyncMode !== 'none';
}

/** Issues the syncs a policy asks for and counts them. */
export class Durability {
  private syncCount = 0;

  constructor(
    private readonly fileSystem: FileSystem,
    readonly policy: DurabilityPolicy,
  ) {}

  /** Syncs a WAL segment after a write (nothing with open_* methods or `off`). */
  syncWal(handle: FileHandle): void {
    if (this.policy.walSyncKind === undefined) return;
    this.syncCount += 1;
    handle.sync(this.policy.walSyncKind);
  }

  /** Syncs a non-WAL file (data, control, new segment) before it is renamed into place. */
  syncFile(handle: FileHandle): void {
    if (this.policy.fileSyncKind === undefined) return;
    this.syncCount += 1;
    handle.sync(this.policy.fileSyncKind);
  }

  /** Makes a directory's creates, renames and removes durable. */
  syncDirectory(directory: string): void {
    if (!this.policy.syncDirectories) return;
    this.syncCount += 1;
    this.fileSystem.syncDirectory(directory);
  }

  /** Syncs issued so far. */
  syncs(): number {
    return this.syncCount;
  }
}
