/**
 * A restore never quietly restores less than the archive holds: a segment
 * missing from the middle of the archive, or one whose bytes are damaged, with
 * valid WAL of later flushes after it, is refused naming the segment (CORRUPT),
 * whether the target is the end of the archive or an LSN past the hole, and
 * nothing is written to the target directory.
 */
import { describe, expect, it } from 'vitest';
import type { Engine } from '../engine-types.js';
import { MemFileSystem } from '../fs/mem-file-system.js';
import { openEngine } from '../store/open-engine.js';
import { parseLsn } from '../wal/lsn.js';
import { SegmentGeometry } from '../wal/segment-geometry.js';
import { takeBaseBackup } from './base-backup.js';
import { restoreToTarget } from './point-in-time-restore.js';

const SEGMENT = 4096;

function engineOn(disk: MemFileSystem, directory: string): Engine {
  return openEngine({ directory, fileSystem: disk, segmentSizeBytes: SEGMENT, checkpointWalBytes: 3 * SEGMENT, archive: { destination: { kind: 'directory', directory: '/archive' } } });
}

/** A store with a base backup and about a dozen archived segments after it; returns the last acknowledged LSN. */
async function archivedStore(disk: MemFileSystem): Promise<number> {
  const engine = engineOn(disk, '/db');
  for (let tx = 1; tx <= 5; tx += 1) await engine.commit(tx, [[`k${tx}`, 'v'.repeat(300)]]);
  takeBaseBackup(disk, '/db', '/backup');
  let lastLsn = 0;
  for (let tx = 6; tx <= 150; tx += 1) lastLsn = parseLsn((await engine.commit(tx, [[`k${tx % 9}`, `t${tx}`.padEnd(300, 'v')]])).lsn) ?? 0;
  await engine.close();
  return lastLsn;
}

/** The archived segments of timeline 1 after the backup's start, by name, ascending. */
function archivedSegmentNames(disk: MemFileSystem): string[] {
  const geometry = new SegmentGeometry(SEGMENT, 1);
  return disk
    .list('/archive')
    .filter((name) => geometry.parseFileName(name) !== undefined)
    .sort();
}

describe('a restore over a hole in the archive', () => {
  it('refuses a segment missing from the middle, naming it, for the end of the archive and for a target past it', async () => {
    const disk = new MemFileSystem();
    const lastLsn = await archivedStore(disk);
    const names = archivedSegmentNames(disk);
    expect(names.length).toBeGreaterThan(6);
    const missing = names[Math.floor(names.length / 2)] ?? '';
    disk.remove(`/archive/${missing}`);
    const request = { backupDirectory: '/backup', archiveDirectory: '/archive', targetDirectory: '/r' };
    expect(() => restoreToTarget(disk, { ...request, target: { kind: 'end' } })).toThrow(new RegExp(`WAL segment ${missing} is missing from the archive`));
    expect(() => restoreToTarget(disk, { ...request, target: { kind: 'lsn', lsn: lastLsn - SEGMENT } })).toThrow(new RegExp(`WAL segment ${missing} is missing from the archive`));
    expect(disk.exists('/r')).toBe(false);
  });

  it('refuses a damaged segment in the middle, naming it and the offset, instead of taking the damage for the end of the WAL', async () => {
    const disk = new MemFileSystem();
    await archivedStore(disk);
    const names = archivedSegmentNames(disk);
    const damaged = names[Math.floor(names.length / 2)] ?? '';
    const handle = disk.open(`/archive/${damaged}`);
    handle.write(Buffer.alloc(64, 0xff), 2000);
    handle.close();
    expect(() => restoreToTarget(disk, { backupDirectory: '/backup', archiveDirectory: '/archive', targetDirectory: '/r', target: { kind: 'end' } })).toThrow(new RegExp(`WAL segment ${damaged} is damaged at offset`));
    expect(disk.exists('/r')).toBe(false);
  });
});
