import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Engine, Write } from '../engine-types.js';
import { MemFileSystem } from '../fs/mem-file-system.js';
import { openEngine } from '../store/open-engine.js';
import type { Lsn } from '../wal/lsn.js';
import { formatLsn, parseLsn } from '../wal/lsn.js';
import { SegmentGeometry } from '../wal/segment-geometry.js';
import { takeBaseBackup } from './base-backup.js';
import { restoreToTarget } from './point-in-time-restore.js';
import { historyFileName } from './timeline-history.js';

const SEGMENT = 4096;

interface AckedCommit {
  readonly lsn: Lsn;
  readonly writes: readonly Write[];
}

/** The state an oracle expects at `target`: every acknowledged commit at or before it, in LSN order. */
function committedStateAt(commits: readonly AckedCommit[], target: Lsn): [string, string][] {
  const state = new Map<string, string>();
  for (const commit of [...commits].sort((a, b) => a.lsn - b.lsn)) {
    if (commit.lsn > target) break;
    for (const [key, value] of commit.writes) {
      if (value === null) state.delete(key);
      else state.set(key, value);
    }
  }
  return [...state.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
}

function engineOn(disk: MemFileSystem, directory: string): Engine {
  return openEngine({
    directory,
    fileSystem: disk,
    segmentSizeBytes: SEGMENT,
    checkpointWalBytes: 3 * SEGMENT,
    archive: { destination: { kind: 'directory', directory: '/archive' } },
  });
}

/** A seeded workload: puts of varied sizes, deletes, concurrent groups; returns the acknowledged commits. */
async function runSeeded(engine: Engine, seed: number, firstTx: number, count: number): Promise<AckedCommit[]> {
  const acked: AckedCommit[] = [];
  let random = seed >>> 0;
  const next = (limit: number): number => {
    random = (Math.imul(random, 1_103_515_245) + 12_345) >>> 0;
    return random % limit;
  };
  for (let tx = firstTx; tx < firstTx + count; ) {
    const group = 1 + next(4);
    const pending: Promise<void>[] = [];
    for (let member = 0; member < group; member += 1, tx += 1) {
      const writes: Write[] = [[`k${next(12)}`, next(8) === 0 ? null : `t${tx}.`.padEnd(20 + next(1500), 'v')]];
      if (next(3) === 0) writes.push([`k${next(12)}`, `t${tx}b`]);
      const thisTx = tx;
      pending.push(engine.commit(thisTx, writes).then((receipt) => void acked.push({ lsn: parseLsn(receipt.lsn) ?? -1, writes })));
    }
    await Promise.all(pending);
  }
  return acked;
}

describe('point-in-time restore from a base backup and the archive', () => {
  it('restores 20 random targets, each equal to the committed state at that LSN, on a new timeline', async () => {
    const disk = new MemFileSystem();
    const engine = engineOn(disk, '/db');
    const before = await runSeeded(engine, 11, 1, 30);
    const label = takeBaseBackup(disk, '/db', '/backup');
    const after = await runSeeded(engine, 12, 31, 150);
    await engine.checkpoint();
    await engine.close();
    const acked = [...before, ...after];
    const archivedEnd = Math.max(...disk.list('/archive').map((name) => new SegmentGeometry(SEGMENT).parseFileName(name) ?? 0)) * SEGMENT + SEGMENT;
    const restorable = acked.filter((commit) => commit.lsn >= label.startLsn && commit.lsn < archivedEnd - SEGMENT);
    expect(restorable.length).toBeGreaterThan(50);
    const low = label.startLsn;
    const high = Math.max(...restorable.map((commit) => commit.lsn));
    // Half the targets are exact commit LSNs (the inclusive edge), half fall anywhere in between.
    const exact = fc.constantFrom(...restorable.map((commit) => commit.lsn));
    const targets = fc.sample(fc.oneof(exact, fc.integer({ min: low, max: high })), { numRuns: 20, seed: 2026 });
    expect(targets.filter((target) => restorable.some((commit) => commit.lsn === target)).length).toBeGreaterThan(3);
    // The targets land on many different states, so an off-by-one-commit restore cannot pass by luck.
    expect(new Set(targets.map((target) => JSON.stringify(committedStateAt(acked, target)))).size).toBeGreaterThanOrEqual(10);
    for (const [index, target] of targets.entries()) {
      const directory = `/restored-${index}`;
      const report = restoreToTarget(disk, { backupDirectory: '/backup', archiveDirectory: '/archive', targetDirectory: directory, target: { kind: 'lsn', lsn: target }, timeline: 1 });
      const restored = engineOn(disk, directory);
      const expected = committedStateAt(acked, target);
      expect(restored.dump(), `target ${formatLsn(target)}`).toEqual(expected);
      expect(report.timeline).toBe(index + 2);
      expect(report.parentTimeline).toBe(1);
      expect(disk.exists(`${directory}/${historyFileName(report.timeline)}`)).toBe(true);
      await restored.close();
    }
  });

  it('writes the new timeline into segment names and never replays the old timeline past the branch point', async () => {
    const disk = new MemFileSystem();
    const engine = engineOn(disk, '/db');
    await runSeeded(engine, 3, 1, 10);
    takeBaseBackup(disk, '/db', '/backup');
    const acked = await runSeeded(engine, 4, 11, 120);
    await engine.close();
    const target = acked[40]?.lsn ?? 0;
    const report = restoreToTarget(disk, { backupDirectory: '/backup', archiveDirectory: '/archive', targetDirectory: '/db2', target: { kind: 'lsn', lsn: target } });
    expect(report.timeline).toBe(2);
    const branch = engineOn(disk, '/db2');
    const branchState = new Map(branch.dump());
    // New commits on timeline 2 overwrite the same keys with values timeline 1 never had.
    const newer = await runSeeded(branch, 99, 1000, 80);
    await branch.close();
    const timeline2Segments = disk.list('/db2').filter((name) => /^[0-9A-F]{24}$/.test(name));
    expect(timeline2Segments.length).toBeGreaterThan(0);
    expect(timeline2Segments.every((name) => name.startsWith('00000002'))).toBe(true);
    expect(disk.list('/archive').some((name) => name.startsWith('00000002'))).toBe(true);
    expect(disk.exists('/archive/00000002.history')).toBe(true);
    // A restore to the end follows timeline 2: the branch's state and its new commits, nothing of timeline 1 after the branch.
    const end = restoreToTarget(disk, { backupDirectory: '/backup', archiveDirectory: '/archive', targetDirectory: '/db3', target: { kind: 'end' } });
    expect(end.parentTimeline).toBe(2);
    expect(end.followedTimeline).toBe(2);
    expect(end.timeline).toBe(3);
    // Timeline 1 alone (--target-timeline 1) restores past the branch point, from timeline 1's own archived WAL.
    const onOne = restoreToTarget(disk, { backupDirectory: '/backup', archiveDirectory: '/archive', targetDirectory: '/db4', target: { kind: 'end' }, timeline: 1 });
    expect(onOne).toMatchObject({ followedTimeline: 1, parentTimeline: 1 });
    expect(onOne.switchLsn).toBeGreaterThan(report.switchLsn);
    const followed = engineOn(disk, '/db3');
    const expected = new Map(branchState);
    for (const commit of newer.filter((c) => c.lsn < end.switchLsn)) {
      for (const [key, value] of commit.writes) {
        if (value === null) expected.delete(key);
        else expected.set(key, value);
      }
    }
    expect(new Map(followed.dump())).toEqual(expected);
    await followed.close();
  });

  it('refuses a target past the archived WAL, before the backup, or into a non-empty directory', async () => {
    const disk = new MemFileSystem();
    const engine = engineOn(disk, '/db');
    await runSeeded(engine, 5, 1, 20);
    await engine.checkpoint();
    const label = takeBaseBackup(disk, '/db', '/backup');
    await runSeeded(engine, 6, 21, 20);
    await engine.close();
    const request = { backupDirectory: '/backup', archiveDirectory: '/archive', targetDirectory: '/r' };
    expect(() => restoreToTarget(disk, { ...request, target: { kind: 'lsn', lsn: label.startLsn + 50 * SEGMENT } })).toThrow(/past the end of the archived WAL/);
    expect(() => restoreToTarget(disk, { ...request, target: { kind: 'lsn', lsn: label.startLsn - 8 } })).toThrow(/before the backup's start/);
    expect(() => restoreToTarget(disk, { ...request, targetDirectory: '/db', target: { kind: 'end' } })).toThrow(/restore target directory '\/db' is not empty/);
    expect(() => takeBaseBackup(disk, '/db', '/backup')).toThrow(/backup directory '\/backup' is not empty/);
  });
});

describe('point-in-time restore to a target time', () => {
  it('restores every commit made durable at or before the time, from the commit times archived beside each segment', async () => {
    const disk = new MemFileSystem();
    let nowMs = 1_000_000;
    const open = (directory: string): Engine =>
      openEngine({
        directory,
        fileSystem: disk,
        segmentSizeBytes: SEGMENT,
        checkpointWalBytes: 3 * SEGMENT,
        archive: { destination: { kind: 'directory', directory: '/archive' }, clockMs: () => nowMs },
      });
    const engine = open('/db');
    takeBaseBackup(disk, '/db', '/backup');
    const times: { timeMs: number; writes: Write[] }[] = [];
    for (let tx = 1; tx <= 60; tx += 1) {
      nowMs += 10;
      const writes: Write[] = [[`k${tx % 7}`, `t${tx}.`.padEnd(900, 'v')]];
      await engine.commit(tx, writes);
      times.push({ timeMs: nowMs, writes });
    }
    await engine.close();
    expect(disk.list('/archive').filter((name) => name.endsWith('.times')).length).toBeGreaterThan(5);
    for (const [index, commitIndex] of [3, 17, 30].entries()) {
      const commit = times[commitIndex];
      if (commit === undefined) throw new Error('no such commit');
      // Exactly at the commit's time, and just before the next one: the same commits either way.
      for (const [offset, timeMs] of [commit.timeMs, commit.timeMs + 9].entries()) {
        const directory = `/at-time-${index}-${offset}`;
        restoreToTarget(disk, { backupDirectory: '/backup', archiveDirectory: '/archive', targetDirectory: directory, target: { kind: 'time', timeMs }, timeline: 1 });
        const restored = open(directory);
        const expected = new Map<string, string>();
        for (const earlier of times.slice(0, commitIndex + 1)) for (const [key, value] of earlier.writes) if (value !== null) expected.set(key, value);
        expect(new Map(restored.dump()), `time ${timeMs}`).toEqual(expected);
        await restored.close();
      }
    }
    expect(() => restoreToTarget(disk, { backupDirectory: '/backup', archiveDirectory: '/archive', targetDirectory: '/early', target: { kind: 'time', timeMs: 5 }, timeline: 1 })).toThrow(
      /no commit after the backup's start was durable at or before 1970-01-01T00:00:00.005Z: the earliest timed commit is/,
    );
  });
});
