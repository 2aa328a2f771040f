/**
 * The pitr check can fail: a real restore of a traced run, replayed to one
 * commit past the target (the "restore that replays one record too
 * many") or stopping one commit short, is reported by B1 against the oracle's
 * committed state at the target, while the restore to the target itself is not.
 * Without this, a B1 that accepted anything would pass pitr-random-target too.
 */
import { describe, expect, it } from 'vitest';
import { restoreToTarget } from '../../../engine/archive/point-in-time-restore.js';
import { openEngine } from '../../../engine/store/open-engine.js';
import { compareLogSequenceNumbers } from '../../oracle/log-sequence-number.js';
import { checkRestoredAtTarget } from '../../oracle/point-in-time-property.js';
import { parseLsn } from '../../../engine/wal/lsn.js';
import { generateWorkload } from '../../workload/generate-workload.js';
import { ARCHIVE_RUN_PATHS, archiveEngineOptions, preparedDisk } from './archive-coverage-check.js';
import { ArchiveHistoryRecorder, driveArchiveWorkload } from './drive-archive-workload.js';

const OPTIONS = { segmentSizeBytes: 4096, checkpointWalBytes: 12 * 1024 };

describe('B1 catches a wrong point-in-time restore of a traced run', () => {
  it('reports a restore one commit too far and one commit short, and passes the restore to the target', async () => {
    const disk = await preparedDisk(OPTIONS);
    const recorder = new ArchiveHistoryRecorder();
    const engine = openEngine(archiveEngineOptions(disk, OPTIONS));
    // Two keys only: every commit overwrites a key a neighbouring commit wrote, so a commit more or less always shows.
    await driveArchiveWorkload(engine, generateWorkload(7, { operationCount: 40, keyCount: 2, clients: 1, valueSizeBytesMax: 1500 }), recorder);
    await engine.close();
    const history = recorder.snapshot();
    const lsns = history.commits
      .filter((commit) => commit.status === 'acknowledged' && commit.lsn !== undefined)
      .map((commit) => commit.lsn ?? '')
      .sort((a, b) => compareLogSequenceNumbers(a, b) ?? 0);
    expect(lsns.length).toBeGreaterThan(20);
    const [before, target, after] = [lsns[9] ?? '', lsns[10] ?? '', lsns[11] ?? ''];
    const restoredAt = async (lsn: string, name: string): Promise<readonly (readonly [string, string])[]> => {
      const directory = `${ARCHIVE_RUN_PATHS.restored}-${name}`;
      restoreToTarget(disk, { backupDirectory: ARCHIVE_RUN_PATHS.backup, archiveDirectory: ARCHIVE_RUN_PATHS.archive, targetDirectory: directory, target: { kind: 'lsn', lsn: parseLsn(lsn) ?? -1 }, timeline: 1 });
      const restored = openEngine({ ...archiveEngineOptions(disk, OPTIONS, false), directory });
      const dump = restored.dump();
      await restored.close();
      return dump;
    };
    expect(checkRestoredAtTarget(history, target, await restoredAt(target, 'exact'))).toEqual([]);
    const tooMany = checkRestoredAtTarget(history, target, await restoredAt(after, 'one-too-many'));
    expect(tooMany.length).toBeGreaterThan(0);
    expect(tooMany[0]).toMatchObject({ property: 'B1' });
    expect(tooMany[0]?.message).toContain(`restored to ${target}`);
    const tooFew = checkRestoredAtTarget(history, target, await restoredAt(before, 'one-short'));
    expect(tooFew.map((finding) => finding.property)).toContain('B1');
  });
});
