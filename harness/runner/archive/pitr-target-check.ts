/**
 * B1 for a traced run: the workload runs to a clean end with archiving on,
 * after a base backup; then the store is restored to seeded random target LSNs
 * (half of them exact commit LSNs, the inclusive edge, half anywhere between)
 * and each restored store must hold exactly the oracle's committed state at
 * its target (harness/oracle/point-in-time-property.ts).
 */
import { restoreToTarget } from '../../../engine/archive/point-in-time-restore.js';
import { MemFileSystem } from '../../../engine/fs/mem-file-system.js';
import { openEngine } from '../../../engine/store/open-engine.js';
import { formatLsn, parseLsn } from '../../../engine/wal/lsn.js';
import { SegmentGeometry, SEGMENT_SIZE_BYTES_DEFAULT } from '../../../engine/wal/segment-geometry.js';
import type { ReferenceEngineOptions } from '../../engine-client/engine-launch.js';
import type { OracleFinding } from '../../oracle/oracle-types.js';
import { checkRestoredAtTarget } from '../../oracle/point-in-time-property.js';
import type { Random } from '../../random/random.js';
import type { Workload } from '../../workload/workload-types.js';
import { ARCHIVE_RUN_PATHS, archiveEngineOptions, preparedDisk } from './archive-coverage-check.js';
import { ArchiveHistoryRecorder, driveArchiveWorkload } from './drive-archive-workload.js';

/** What one PITR run checked and found. */
export interface PitrRunResult {
  readonly findings: readonly { readonly finding: OracleFinding; readonly targetLsn: string }[];
  readonly targetsChecked: number;
  readonly acknowledged: number;
}

/** Runs `workload`, then restores `targetCount` random targets and checks each with B1. */
export async function checkRandomTargets(workload: Workload, options: ReferenceEngineOptions, random: Random, targetCount: number): Promise<PitrRunResult> {
  const disk: MemFileSystem = await preparedDisk(options);
  const recorder = new ArchiveHistoryRecorder();
  const engine = openEngine(archiveEngineOptions(disk, options));
  await driveArchiveWorkload(engine, workload, recorder);
  await engine.close();
  const history = recorder.snapshot();
  const geometry = new SegmentGeometry(options.segmentSizeBytes ?? SEGMENT_SIZE_BYTES_DEFAULT);
  const archived = disk.list(ARCHIVE_RUN_PATHS.archive).map((name) => geometry.parseFileName(name)).filter((n): n is number => n !== undefined);
  // Commits wholly inside archived segments are restorable; the segment in use at the end is not archived yet.
  const archivedEnd = archived.length === 0 ? 0 : geometry.segmentStartLsn(Math.max(...archived));
  const commitLsns = history.commits
    .filter((commit) => commit.status === 'acknowledged' && commit.lsn !== undefined)
    .map((commit) => parseLsn(commit.lsn ?? '') ?? -1)
    .filter((lsn) => lsn >= 0 && lsn < archivedEnd)
    .sort((a, b) => a - b);
  const acknowledged = history.commits.filter((commit) => commit.status === 'acknowledged').length;
  const first = geometry.segmentStartLsn(1);
  const last = commitLsns.at(-1);
  if (last === undefined) return { findings: [], targetsChecked: 0, acknowledged };
  const findings: { finding: OracleFinding; targetLsn: string }[] = [];
  for (let index = 0; index < targetCount; index += 1) {
    const target = random.nextInt(2) === 0 ? (commitLsns[random.nextInt(commitLsns.length)] ?? first) : first + random.nextInt(last - first + 1);
    const targetLsn = formatLsn(target);
    const directory = `${ARCHIVE_RUN_PATHS.restored}-${index}`;
    try {
      restoreToTarget(disk, {
        backupDirectory: ARCHIVE_RUN_PATHS.backup,
        archiveDirectory: ARCHIVE_RUN_PATHS.archive,
        targetDirectory: directory,
        target: { kind: 'lsn', lsn: target },
        timeline: 1,
      });
      const restored = openEngine({ ...archiveEngineOptions(disk, options, false), directory });
      for (const finding of checkRestoredAtTarget(history, targetLsn, restored.dump())) findings.push({ finding, targetLsn });
      await restored.close();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      findings.push({ finding: { property: 'B1', message: `restore to ${targetLsn} failed: ${message}` }, targetLsn });
    }
  }
  return { findings, targetsChecked: targetCount, acknowledged };
}
