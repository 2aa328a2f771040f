/**
 * The archive-coverage property under power loss: a store archives its WAL
 * while a workload runs; the plug is pulled before a chosen file-system
 * operation; then a restore from the base backup taken before the workload,
 * the archive and the crashed store's own WAL (as PostgreSQL replays pg_wal
 * after the archive) must give exactly the state the store itself recovers.
 * A segment recycled before its archive copy was durable, or an archive copy
 * whose rename a power cut took back, leaves a hole the restore stops at.
 */
import { restoreToTarget } from '../archive/point-in-time-restore.js';
import { takeBaseBackup } from '../archive/base-backup.js';
import type { DefectName, EngineOptions } from '../engine-types.js';
import { EngineError } from '../engine-types.js';
import { MemFileSystem } from '../fs/mem-file-system.js';
import { openEngine } from '../store/open-engine.js';
import { CrashPointFileSystem } from './crash-point-file-system.js';
import { runWorkload } from './crash-workload.js';
import type { WorkloadStep } from './crash-workload.js';

/** The verdict of one archive crash check. */
export type ArchiveCrashVerdict = { readonly kind: 'ok' } | { readonly kind: 'violation'; readonly message: string };

/** Runs `steps` with archiving on, crashes before operation `crashPick % (count + 1)` and checks archive coverage. */
export async function archiveCrashCheck(steps: readonly WorkloadStep[], crashPick: number, defects: readonly DefectName[] = []): Promise<ArchiveCrashVerdict & { readonly crashAtOperation: number }> {
  const options = (fileSystem: EngineOptions['fileSystem'], archive = true): EngineOptions => ({
    directory: '/db',
    fileSystem,
    segmentSizeBytes: 4096,
    checkpointWalBytes: 8 * 1024,
    defects,
    ...(archive ? { archive: { destination: { kind: 'directory', directory: '/archive' } } } : {}),
  });
  const disk = new MemFileSystem();
  await openEngine(options(disk)).close();
  takeBaseBackup(disk, '/db', '/backup');
  disk.mkdirAll('/archive');
  disk.syncDirectory('/');
  const dryRun = new CrashPointFileSystem(disk.crashClone({ unsynced: 'keep' }), Number.POSITIVE_INFINITY);
  const dryEngine = openEngine(options(dryRun));
  await runWorkload(dryEngine, steps, { issued: [], acknowledged: new Set(), firstTx: 1 });
  await dryEngine.close();
  const crashAtOperation = crashPick % (dryRun.operationCount() + 1);
  const crashing = new CrashPointFileSystem(disk.crashClone({ unsynced: 'keep' }), crashAtOperation);
  const engine = openEngine(options(crashing));
  await runWorkload(engine, steps, { issued: [], acknowledged: new Set(), firstTx: 1 });
  await engine.close();
  const crashed = crashing.crashState();
  const verdict = (message?: string) => (message === undefined ? { kind: 'ok' as const, crashAtOperation } : { kind: 'violation' as const, message, crashAtOperation });
  let recovered: string;
  try {
    const reopened = openEngine(options(crashed, false));
    recovered = JSON.stringify(reopened.dump());
    await reopened.close();
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return verdict(`recovery failed: ${error.code} ${error.message}`);
  }
  let restored: string;
  try {
    restoreToTarget(crashed, { backupDirectory: '/backup', archiveDirectory: '/archive', walDirectories: ['/db'], targetDirectory: '/restored', target: { kind: 'end' } });
    const opened = openEngine(options(crashed, false));
    const restoredEngine = openEngine({ ...options(crashed, false), directory: '/restored' });
    restored = JSON.stringify(restoredEngine.dump());
    await restoredEngine.close();
    await opened.close();
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return verdict(`restore failed: ${error.code} ${error.message}`);
  }
  return restored === recovered ? verdict() : verdict(`archive + WAL do not cover the store's history: the restore gives ${restored.slice(0, 200)}, recovery ${recovered.slice(0, 200)}`);
}
