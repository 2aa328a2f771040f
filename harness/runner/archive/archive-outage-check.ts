/**
 * B3 and B2 when the archive command fails, on a real disk with a real
 * command: the engine archives through `test -e <flag> && cp %p <archive>/%f`,
 * which fails (exit 1) until the flag file exists. The first half of the
 * workload runs while it fails: every commit must still be acknowledged, no
 * segment may leave the disk, and the WAL-bloat alarm must fire once the WAL
 * passes its threshold. Then the flag appears, the second half runs and the
 * engine closes: archiving must have resumed (every completed segment
 * archived, no hole), and backup + archive + WAL must hold every acknowledged
 * commit (B2).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { takeBaseBackup } from '../../../engine/archive/base-backup.js';
import { restoreToTarget } from '../../../engine/archive/point-in-time-restore.js';
import { EngineError } from '../../../engine/engine-types.js';
import { NodeFileSystem } from '../../../engine/fs/node-file-system.js';
import { openEngine } from '../../../engine/store/open-engine.js';
import { SEGMENT_SIZE_BYTES_DEFAULT, SegmentGeometry } from '../../../engine/wal/segment-geometry.js';
import type { ReferenceEngineOptions } from '../../engine-client/engine-launch.js';
import type { OracleFinding } from '../../oracle/oracle-types.js';
import type { Workload } from '../../workload/workload-types.js';
import { ArchiveHistoryRecorder, driveArchiveWorkload } from './drive-archive-workload.js';

/** The alarm threshold, in segments of WAL on disk. */
const WARN_SEGMENTS = 3;

/** Runs the outage workload once; returns the findings and how many commits were acknowledged. */
export async function checkArchiveOutage(workload: Workload, options: ReferenceEngineOptions): Promise<{ findings: OracleFinding[]; acknowledged: number }> {
  const root = mkdtempSync(join(tmpdir(), 'unplug-archive-outage-'));
  try {
    const [data, archive, backup, restored, flag] = ['data', 'archive', 'backup', 'restored', 'archive-is-up'].map((name) => join(root, name)) as [string, string, string, string, string];
    const fileSystem = new NodeFileSystem();
    fileSystem.mkdirAll(archive);
    const segmentSizeBytes = options.segmentSizeBytes ?? SEGMENT_SIZE_BYTES_DEFAULT;
    const warnings: string[] = [];
    const engineOptions = {
      directory: data,
      ...options,
      archive: { destination: { kind: 'command' as const, command: `test -e '${flag}' && cp %p '${archive}'/%f` }, retryDelayMsMin: 5, retryDelayMsMax: 50 },
      walWarnBytes: WARN_SEGMENTS * segmentSizeBytes,
      onWalWarning: (line: string) => warnings.push(line),
    };
    await openEngine({ directory: data, ...options }).close();
    takeBaseBackup(fileSystem, data, backup);
    const recorder = new ArchiveHistoryRecorder();
    const half = Math.floor(workload.operations.length / 2);
    const engine = openEngine(engineOptions);
    await driveArchiveWorkload(engine, { ...workload, operations: workload.operations.slice(0, half) }, recorder);
    const during = engine.walStatus?.();
    writeFileSync(flag, '');
    await driveArchiveWorkload(engine, { ...workload, operations: workload.operations.slice(half) }, recorder);
    await engine.close();
    const after = engine.walStatus?.();
    const history = recorder.snapshot();
    const acknowledged = history.commits.filter((commit) => commit.status === 'acknowledged');
    const findings: OracleFinding[] = [];
    const notAcked = history.commits.filter((commit) => commit.status !== 'acknowledged');
    if (notAcked.length > 0) findings.push({ property: 'B3', message: `${notAcked.length} commits were not acknowledged while the archive command failed (first: tx ${notAcked[0]?.tx})` });
    // The alarm must fire exactly when the outage grew the WAL past the threshold.
    const grewPast = (during?.walBytes ?? 0) > WARN_SEGMENTS * segmentSizeBytes;
    if (grewPast && warnings.length === 0) {
      findings.push({ property: 'B3', message: `the WAL-bloat alarm never fired while the archive command failed (WAL on disk reached ${during?.walBytes ?? 0} bytes, threshold ${WARN_SEGMENTS * segmentSizeBytes})` });
    }
    if (!grewPast && warnings.length > 0) findings.push({ property: 'B3', message: `the WAL-bloat alarm fired below its threshold: ${warnings[0]}` });
    if ((during?.archive?.segmentsWaiting ?? 0) === 0) findings.push({ property: 'B3', message: 'no segment waited for the failing archive command: the outage was not observed' });
    if ((after?.archive?.segmentsWaiting ?? 1) !== 0) findings.push({ property: 'B3', message: `archiving did not resume: ${after?.archive?.segmentsWaiting} segments still wait (${after?.archive?.lastError})` });
    const geometry = new SegmentGeometry(segmentSizeBytes);
    const archived = fileSystem.list(archive).map((name) => geometry.parseFileName(name)).filter((n): n is number => n !== undefined);
    if (archived.some((number, index) => number !== index + 1)) findings.push({ property: 'B3', message: `the archive has a hole: segments ${archived.join(', ')}` });
    try {
      restoreToTarget(fileSystem, { backupDirectory: backup, archiveDirectory: archive, walDirectories: [data], targetDirectory: restored, target: { kind: 'end' } });
      const reopened = openEngine({ directory: restored, ...options });
      const state = new Map(reopened.dump());
      await reopened.close();
      const expected = new Map<string, string | null>();
      for (const commit of acknowledged) for (const [key, value] of commit.writes) expected.set(key, value);
      for (const [key, value] of expected) {
        if ((state.get(key) ?? null) !== value) findings.push({ property: 'B2', message: `backup + archive + WAL lose key ${JSON.stringify(key)} after the outage`, key, expectedValue: value, actualValue: state.get(key) ?? null });
      }
    } catch (error) {
      if (!(error instanceof EngineError)) throw error;
      findings.push({ property: 'B2', message: `restore after the outage failed: ${error.code} ${error.message}` });
    }
    return { findings, acknowledged: acknowledged.length };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
