import { describe, expect, it } from 'vitest';
import type { WalStatus } from './archive-settings.js';
import { MemFileSystem } from '../fs/mem-file-system.js';
import { openEngine } from '../store/open-engine.js';
import { SegmentGeometry } from '../wal/segment-geometry.js';
import { ArchiveFaultFileSystem } from '../test-support/archive-fault-file-system.js';
import type { Engine } from '../engine-types.js';

const SEGMENT = 4096;
const geometry = new SegmentGeometry(SEGMENT);

function options(fileSystem: ArchiveFaultFileSystem | MemFileSystem, extra: { walWarnBytes?: number; onWalWarning?: (line: string, status: WalStatus) => void } = {}) {
  return {
    directory: '/db',
    fileSystem,
    segmentSizeBytes: SEGMENT,
    checkpointWalBytes: 2 * SEGMENT,
    archive: { destination: { kind: 'directory' as const, directory: '/archive' }, retryDelayMsMin: 1, retryDelayMsMax: 4 },
    ...extra,
  };
}

/** Commits `count` transactions of about 1 KiB each, one at a time. */
async function commitMany(engine: Engine, firstTx: number, count: number): Promise<void> {
  for (let tx = firstTx; tx < firstTx + count; tx += 1) await engine.commit(tx, [[`k${tx % 7}`, `v${tx}.`.padEnd(1000, 'x')]]);
}

function archivedSegments(disk: MemFileSystem): number[] {
  if (!disk.exists('/archive')) return [];
  return disk
    .list('/archive')
    .map((name) => geometry.parseFileName(name))
    .filter((n): n is number => n !== undefined);
}

/** Lets event-loop turns pass (no wall-clock wait) until `done` holds; bounded. */
async function turnsUntil(done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 10_000 && !done(); turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

describe('WAL archiving to a directory', () => {
  it('archives every completed segment, marks it done and recycles only archived segments', async () => {
    const disk = new MemFileSystem();
    const engine = openEngine(options(disk));
    await commitMany(engine, 1, 40);
    await engine.checkpoint();
    await engine.close();
    const status = engine.walStatus?.();
    const completedBefore = geometry.segmentNumberOf(Number.parseInt(status?.endLsn.split('/')[1] ?? '0', 16));
    const archived = archivedSegments(disk);
    // Every segment from the first up to the one in use is in the archive, with no hole.
    expect(archived).toEqual(Array.from({ length: completedBefore - 1 }, (_, index) => index + 1));
    for (const number of archived) {
      const name = geometry.fileName(number);
      expect(disk.list('/db').includes(`${name}.ready`)).toBe(false);
      if (disk.exists(`/db/${name}`)) expect(disk.exists(`/db/${name}.done`)).toBe(true);
    }
    expect(status?.archive?.segmentsArchived).toBeGreaterThan(3);
  });

  it('keeps committing while the archive is down, keeps unarchived segments, raises the alarm, and resumes without a hole', async () => {
    const disk = new ArchiveFaultFileSystem(new MemFileSystem(), '/archive');
    const warnings: string[] = [];
    const engine = openEngine(options(disk, { walWarnBytes: 6 * SEGMENT, onWalWarning: (line) => warnings.push(line) }));
    await commitMany(engine, 1, 8);
    disk.failing = true;
    await commitMany(engine, 9, 60);
    await engine.checkpoint();
    await turnsUntil(() => (engine.walStatus?.().archive?.failuresInARow ?? 0) > 0);
    const down = engine.walStatus?.();
    expect(down?.archive?.segmentsWaiting).toBeGreaterThan(5);
    expect(down?.archive?.failuresInARow).toBeGreaterThan(0);
    expect(down?.archive?.lastError).toMatch(/EIO/);
    expect(down?.archive?.lagBytes).toBeGreaterThan(5 * SEGMENT);
    // The checkpoint could not recycle what waits for the archiver: the WAL grew past the threshold.
    expect(down?.walBytes).toBeGreaterThan(6 * SEGMENT);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/above --wal-warn-bytes 24576; \d+ segment\(s\) wait for the archiver.*EIO/);
    disk.failing = false;
    await commitMany(engine, 69, 4);
    await engine.checkpoint();
    await engine.close();
    const inner = disk.unwrap() as MemFileSystem;
    const archived = archivedSegments(inner);
    expect(archived).toEqual(Array.from({ length: archived.length }, (_, index) => index + 1));
    expect(archived.length).toBeGreaterThan(15);
  });

  it('resumes after a restart from the durable markers', async () => {
    const disk = new ArchiveFaultFileSystem(new MemFileSystem(), '/archive');
    disk.failing = true;
    const first = openEngine(options(disk));
    await commitMany(first, 1, 30);
    await first.close();
    const inner = disk.unwrap() as MemFileSystem;
    expect(archivedSegments(inner)).toEqual([]);
    const readyMarkers = inner.list('/db').filter((name) => name.endsWith('.ready'));
    expect(readyMarkers.length).toBeGreaterThan(3);
    disk.failing = false;
    const second = openEngine(options(disk));
    await turnsUntil(() => second.walStatus?.().archive?.segmentsWaiting === 0);
    expect(second.walStatus?.().archive?.segmentsWaiting).toBe(0);
    await second.close();
    expect(archivedSegments(inner).length).toBe(readyMarkers.length);
    expect(inner.list('/db').filter((name) => name.endsWith('.ready'))).toEqual([]);
  });

  it('refuses bad archive settings with INVALID_ARGUMENT naming the value', () => {
    const disk = new MemFileSystem();
    expect(() => openEngine({ directory: '/db', fileSystem: disk, archive: { destination: { kind: 'command', command: 'cp x /y' } } })).toThrow(/must contain %p.*'cp x \/y'/);
    expect(() => openEngine({ directory: '/db', fileSystem: disk, archive: { destination: { kind: 'directory', directory: '/db/' } } })).toThrow(/must differ/);
    expect(() => openEngine({ directory: '/db', fileSystem: disk, walWarnBytes: -3 })).toThrow(/walWarnBytes must be a positive integer, got -3/);
  });
});
