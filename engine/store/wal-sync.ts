/**
 * Syncs the WAL segments one group flush touched, and models the
 * retry-fsync-after-error defect (fsyncgate): on a failed sync the defect
 * retries, and the retry "succeeds" because the kernel marked the failed pages
 * clean, so the batch would be acknowledged. Without the defect a failure is
 * thrown to the engine, which poisons itself.
 */
import type { FileHandle } from '../fs/file-system.js';
import { FileSystemError } from '../fs/file-system.js';
import type { DefectSet } from './defects.js';
import type { Durability } from './durability-policy.js';

/** Syncs `touched`; returns true when a failed sync was retried (the engine must then stop trusting its witnesses). */
export function syncTouchedSegments(durability: Durability, defects: DefectSet, touched: readonly FileHandle[]): boolean {
  let retried = false;
  for (const handle of touched) {
    try {
      durability.syncWal(handle);
    } catch (error) {
      if (!(error instanceof FileSystemError) || !defects.has('retry-fsync-after-error')) throw error;
      retried = true;
      durability.syncWal(handle);
    }
  }
  return retried;
}
