/**
 * B2, archive coverage, at one crash point: the store archives its WAL to a
 * directory while a workload runs (on the in-memory file system, in this
 * process); the plug is pulled before mutating operation N under a crash
 * model; then a restore from the base backup taken before the workload, the
 * archive and the crashed store's own WAL (PostgreSQL replays pg_wal after the
 * archive) must hold every commit acknowledged before the crash, and exactly
 * the state the store itself recovers. A segment recycled before its archive
 * copy was durable, or a copy whose rename the power cut took back, leaves a
 * hole the restore stops at.
 */
import { takeBaseBackup } from '../../../engine/archive/base-backup.js';
import { restoreToTarget } from '../../../engine/archive/point-in-time-restore.js';
import type { EngineOptions } from '../../../engine/engine-types.js';
import { EngineError } from '../../../engine/engine-types.js';
import type { FileSystem } from '../../../engine/fs/file-system.js';
import { MemFileSystem } from '../../../engine/fs/mem-file-system.js';
import { openEngine } from '../../../engine/store/open-engine.js';
import { CrashPointFileSystem } from '../../../engine/test-support/crash-point-file-system.js';
import type { ReferenceEngineOptions } from '../../engine-client/engine-launch.js';
import type { CommitEntry } from '../../oracle/commit-history.js';
import { compareLogSequenceNumbers } from '../../oracle/log-sequence-number.js';
import type { OracleFinding } from '../../oracle/oracle-types.js';
import type { Workload } from '../../workload/workload-types.js';
import { ArchiveHistoryRecorder, driveArchiveWorkload } from './drive-archive-workload.js';

/** The crash models an archive coverage check runs under. */
export type ArchiveCrashModel = 'power-loss' | 'process-crash';

/** Paths on the in-memory file system of archive runs. */
export const ARCHIVE_RUN_PATHS = Object.freeze({ data: '/data', archive: '/archive', backup: '/backup', restored: '/restored' });

/** Engine options of an archive run on `fileSystem`. */
export function archiveEngineOptions(fileSystem: FileSystem, options: ReferenceEngineOptions, archive = true): EngineOptions {
  return {
    directory: ARCHIVE_RUN_PATHS.data,
    fileSystem,
    ...options,
    ...(archive ? { archive: { destination: { kind: 'directory', directory: ARCHIVE_RUN_PATHS.archive } } } : {}),
  };
}

/** A fresh disk with an opened-and-closed store, its base backup and an empty archive directory, all durable. */
export async function preparedDisk(options: ReferenceEngineOptions): Promise<MemFileSystem> {
  const disk = new MemFileSystem();
  await openEngine(archiveEngineOptions(disk, options)).close();
  takeBaseBackup(disk, ARCHIVE_RUN_PATHS.data, ARCHIVE_RUN_PATHS.backup);
  disk.mkdirAll(ARCHIVE_RUN_PATHS.archive);
  disk.syncDirectory('/');
  return disk;
}

/** Counts the mutating operations of one run of `workload` (the crash points to try). */
export async function countOperations(base: MemFileSystem, workload: Workload, options: ReferenceEngineOptions): Promise<number> {
  const dryRun = new CrashPointFileSystem(base.crashClone({ unsynced: 'keep' }), Number.POSITIVE_INFINITY);
  const engine = openEngine(archiveEngineOptions(dryRun, options));
  await driveArchiveWorkload(engine, workload, new ArchiveHistoryRecorder());
  await engine.close();
  return dryRun.operationCount();
}

/** Runs the workload with the plug pulled before operation `crashAt` under `model`; returns B2 findings and the commits acked by then. */
export async function checkArchiveCoverage(
  base: MemFileSystem,
  workload: Workload,
  options: ReferenceEngineOptions,
  crashAt: number,
  model: ArchiveCrashModel,
): Promise<{ readonly findings: OracleFinding[]; readonly acknowledged: number }> {
  const recorder = new ArchiveHistoryRecorder();
  let ackedAtCrash: readonly CommitEntry[] = [];
  const crashing = new CrashPointFileSystem(
    base.crashClone({ unsynced: 'keep' }),
    crashAt,
    () => {
      ackedAtCrash = recorder.snapshot().commits.filter((commit) => commit.status === 'acknowledged');
    },
    model === 'power-loss' ? 'drop' : 'keep',
  );
  const engine = openEngine(archiveEngineOptions(crashing, options));
  await driveArchiveWorkload(engine, workload, recorder);
  await engine.close();
  const crashed = crashing.crashState();
  const fail = (message: string): { findings: OracleFinding[]; acknowledged: number } => ({ findings: [{ property: 'B2', message }], acknowledged: ackedAtCrash.length });
  let recovered: readonly (readonly [string, string])[];
  let restored: readonly (readonly [string, string])[];
  try {
    const reopened = openEngine(archiveEngineOptions(crashed, options, false));
    recovered = reopened.dump();
    await reopened.close();
    restoreToTarget(crashed, {
      backupDirectory: ARCHIVE_RUN_PATHS.backup,
      archiveDirectory: ARCHIVE_RUN_PATHS.archive,
      walDirectories: [ARCHIVE_RUN_PATHS.data],
      targetDirectory: ARCHIVE_RUN_PATHS.restored,
      target: { kind: 'end' },
    });
    const restoredEngine = openEngine({ ...archiveEngineOptions(crashed, options, false), directory: ARCHIVE_RUN_PATHS.restored });
    restored = restoredEngine.dump();
    await restoredEngine.close();
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    return fail(`recovery or restore after a ${model} before operation ${crashAt} failed: ${error.code} ${error.message}`);
  }
  const restoredMap = new Map(restored);
  const findings: OracleFinding[] = [];
  // Every acknowledged commit's last write to each key must be visible unless a later acknowledged commit overwrote it.
  const lastWriter = new Map<string, { tx: number; value: string | null }>();
  for (const commit of [...ackedAtCrash].sort((a, b) => compareLogSequenceNumbers(a.lsn ?? '', b.lsn ?? '') ?? 0)) {
    for (const [key, value] of commit.writes) lastWriter.set(key, { tx: commit.tx, value });
  }
  const recoveredMap = new Map(recovered);
  for (const [key, writer] of lastWriter) {
    const inRecovered = recoveredMap.get(key) ?? null;
    const inRestored = restoredMap.get(key) ?? null;
    // The store itself kept the acknowledged value (its own property is P1); the restore must have it too.
    if (inRecovered === writer.value && inRestored !== writer.value) {
      findings.push({
        property: 'B2',
        message: `after a ${model} before operation ${crashAt}, backup + archive + WAL lose acknowledged tx ${writer.tx}: key ${JSON.stringify(key)} restores to ${JSON.stringify(inRestored)?.slice(0, 60)}, the store recovered ${JSON.stringify(inRecovered)?.slice(0, 60)}`,
        tx: writer.tx,
        key,
        expectedValue: writer.value,
        actualValue: inRestored,
      });
    }
  }
  if (findings.length === 0 && JSON.stringify(recovered) !== JSON.stringify(restored)) {
    findings.push({ property: 'B2', message: `after a ${model} before operation ${crashAt}, the restore from backup + archive + WAL differs from the state the store recovered` });
  }
  return { findings, acknowledged: ackedAtCrash.length };
}
