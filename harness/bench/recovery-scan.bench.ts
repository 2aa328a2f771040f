/**
 * Recovery speed: opening the reference engine on a log of about 4 MiB of
 * commits (no checkpoint, so recovery replays all of it) on the in-memory file
 * system. Each iteration needs a fresh copy of the crashed directory, so the
 * copy alone is measured too: recovery MB/s = WAL MiB / (t(copy + open) - t(copy)).
 * Run with `npm run bench`.
 */
import { bench, describe } from 'vitest';
import { MemFileSystem } from '../../engine/fs/mem-file-system.js';
import { openEngine } from '../../engine/store/open-engine.js';

const BENCH_OPTIONS = { time: 2000, warmupTime: 200 } as const;
const WAL_BYTES_TARGET = 4 * 1024 * 1024;
const SEGMENT_SIZE_BYTES = 1024 * 1024;
const VALUE = 'v'.repeat(200);

/** Builds a crashed directory whose WAL holds about `WAL_BYTES_TARGET` bytes of commits. */
async function crashedLog(): Promise<{ readonly fileSystem: MemFileSystem; readonly walBytes: number; readonly commits: number }> {
  const fileSystem = new MemFileSystem();
  const engine = openEngine({ directory: '/db', fileSystem, segmentSizeBytes: SEGMENT_SIZE_BYTES, checkpointWalBytes: 1024 * 1024 * 1024 });
  let commits = 0;
  while (engine.stats().walBytesWritten < WAL_BYTES_TARGET) {
    const batch = Array.from({ length: 64 }, (_unused, index) => engine.commit(commits + index + 1, [[`key-${(commits + index) % 1000}`, VALUE]]));
    await Promise.all(batch);
    commits += batch.length;
  }
  const walBytes = engine.stats().walBytesWritten;
  // A power loss before close: what is durable is what the commits synced.
  return { fileSystem: fileSystem.crashClone({ unsynced: 'drop' }), walBytes, commits };
}

const log = await crashedLog();

describe(`recovery of ${(log.walBytes / 1024 / 1024).toFixed(1)} MiB of WAL (${log.commits} commits)`, () => {
  bench('copy the crashed directory only', () => {
    log.fileSystem.crashClone({ unsynced: 'keep' });
  }, BENCH_OPTIONS);

  bench('copy + openEngine (full replay)', async () => {
    const engine = openEngine({ directory: '/db', fileSystem: log.fileSystem.crashClone({ unsynced: 'keep' }), segmentSizeBytes: SEGMENT_SIZE_BYTES, checkpointWalBytes: 1024 * 1024 * 1024 });
    if (engine.recovery.commitsReplayed !== log.commits) throw new Error(`replayed ${engine.recovery.commitsReplayed} of ${log.commits} commits`);
    await engine.close();
  }, BENCH_OPTIONS);
});
