import { describe, expect, it } from 'vitest';
import { MemFileSystem } from './mem-file-system.js';
import { bytes } from './test-support/file-system-expectations.js';
import { snapshotTree } from './test-support/file-system-snapshot.js';

/** A file system with a durable directory `/db` holding a durable, synced file `/db/f` = [1, 2]. */
function withSyncedFile(): MemFileSystem {
  const fs = new MemFileSystem();
  fs.mkdirAll('/db');
  const handle = fs.open('/db/f', { create: true });
  handle.append(bytes(1, 2));
  handle.sync('fdatasync');
  handle.close();
  fs.syncDirectory('/db');
  return fs;
}

describe('MemFileSystem crash semantics', () => {
  it('drops unsynced data on a power loss', () => {
    const fs = withSyncedFile();
    const handle = fs.open('/db/f');
    handle.append(bytes(3));
    handle.write(bytes(9), 0);
    const crashed = fs.crashClone();
    expect(crashed.readFile('/db/f')).toEqual(bytes(1, 2));
    expect(fs.readFile('/db/f')).toEqual(bytes(9, 2, 3));
  });

  it('keeps synced data, with either sync kind', () => {
    for (const kind of ['fsync', 'fdatasync'] as const) {
      const fs = withSyncedFile();
      const handle = fs.open('/db/f');
      handle.append(bytes(3));
      handle.sync(kind);
      handle.append(bytes(4));
      expect(fs.crashClone({ unsynced: 'drop' }).readFile('/db/f')).toEqual(bytes(1, 2, 3));
    }
  });

  it('loses a created file whose directory was not synced, even when its data was', () => {
    const fs = withSyncedFile();
    const handle = fs.open('/db/new', { create: true });
    handle.append(bytes(5));
    handle.sync('fsync');
    const crashed = fs.crashClone();
    expect(crashed.exists('/db/new')).toBe(false);
    expect(crashed.list('/db')).toEqual(['f']);
    fs.syncDirectory('/db');
    expect(fs.crashClone().readFile('/db/new')).toEqual(bytes(5));
  });

  it('reverts a rename without a directory sync to the old contents', () => {
    const fs = withSyncedFile();
    const temporary = fs.open('/db/f.tmp', { create: true });
    temporary.append(bytes(7, 7, 7));
    temporary.sync('fsync');
    temporary.close();
    fs.syncDirectory('/db');
    fs.rename('/db/f.tmp', '/db/f');
    const beforeSync = fs.crashClone();
    expect(beforeSync.readFile('/db/f')).toEqual(bytes(1, 2));
    expect(beforeSync.readFile('/db/f.tmp')).toEqual(bytes(7, 7, 7));
    fs.syncDirectory('/db');
    const afterSync = fs.crashClone();
    expect(afterSync.readFile('/db/f')).toEqual(bytes(7, 7, 7));
    expect(afterSync.exists('/db/f.tmp')).toBe(false);
  });

  it('brings back a removed file whose directory was not synced', () => {
    const fs = withSyncedFile();
    fs.remove('/db/f');
    expect(fs.crashClone().readFile('/db/f')).toEqual(bytes(1, 2));
    fs.syncDirectory('/db');
    expect(fs.crashClone().exists('/db/f')).toBe(false);
  });

  it('an fsync through a second handle covers writes through the first', () => {
    const fs = withSyncedFile();
    const writer = fs.open('/db/f');
    const syncer = fs.open('/db/f', { readOnly: true });
    writer.append(bytes(3, 4));
    syncer.sync('fdatasync');
    expect(fs.crashClone().readFile('/db/f')).toEqual(bytes(1, 2, 3, 4));
  });

  it('O_DSYNC and O_SYNC writes are durable when they return, other unsynced writes are not', () => {
    for (const syncMode of ['dsync', 'sync'] as const) {
      const fs = withSyncedFile();
      const plain = fs.open('/db/f');
      plain.write(bytes(8), 0);
      const durable = fs.open('/db/f', { syncMode });
      expect(durable.append(bytes(3))).toBe(2);
      // The unsynced write at offset 0 is lost; the O_DSYNC write at offset 2 is not.
      expect(fs.crashClone().readFile('/db/f')).toEqual(bytes(1, 2, 3));
    }
  });

  it('reads an unsynced hole below an O_DSYNC write as zeros after a power loss', () => {
    const fs = withSyncedFile();
    fs.open('/db/f').append(bytes(5, 5));
    fs.open('/db/f', { syncMode: 'dsync' }).append(bytes(6));
    expect(fs.crashClone().readFile('/db/f')).toEqual(bytes(1, 2, 0, 0, 6));
  });

  it('an O_DSYNC write makes an earlier truncate durable with the size: removed bytes never come back', () => {
    const fs = withSyncedFile();
    fs.open('/db/f').truncate(0);
    fs.open('/db/f', { syncMode: 'dsync' }).write(bytes(6), 3);
    expect(fs.crashClone().readFile('/db/f')).toEqual(bytes(0, 0, 0, 6));
  });

  it('a truncate made durable once is not applied again by a later O_DSYNC write', () => {
    const fs = withSyncedFile();
    const handle = fs.open('/db/f');
    handle.truncate(0);
    handle.sync('fdatasync');
    handle.append(bytes(3, 4));
    handle.sync('fdatasync');
    fs.open('/db/f', { syncMode: 'dsync' }).append(bytes(5));
    expect(fs.crashClone().readFile('/db/f')).toEqual(bytes(3, 4, 5));
  });

  it('loses an unsynced truncate, keeps a synced one', () => {
    const fs = withSyncedFile();
    const handle = fs.open('/db/f');
    handle.truncate(0);
    expect(fs.crashClone().readFile('/db/f')).toEqual(bytes(1, 2));
    handle.sync('fdatasync');
    expect(fs.crashClone().readFile('/db/f')).toEqual(new Uint8Array(0));
    handle.truncate(3);
    handle.sync('fdatasync');
    expect(fs.crashClone().readFile('/db/f')).toEqual(bytes(0, 0, 0));
  });

  it('keeps directories made by mkdirAll without a directory sync', () => {
    const fs = new MemFileSystem();
    fs.mkdirAll('/data/wal/archive');
    expect(fs.crashClone().list('/data/wal')).toEqual(['archive']);
  });

  it("'keep' (a process crash) equals the live state and still knows what was synced", () => {
    const fs = withSyncedFile();
    fs.open('/db/g', { create: true }).append(bytes(4));
    fs.open('/db/f').append(bytes(3));
    fs.mkdirAll('/db/sub');
    fs.rename('/db/g', '/db/sub/h');
    const kept = fs.crashClone({ unsynced: 'keep' });
    expect(snapshotTree(kept, '/')).toEqual(snapshotTree(fs, '/'));
    // A power loss after the process crash loses the same unsynced work as one before it.
    expect(snapshotTree(kept.crashClone(), '/')).toEqual(snapshotTree(fs.crashClone(), '/'));
  });

  it('a clone is independent of the original, and open handles are not carried over', () => {
    const fs = withSyncedFile();
    const handle = fs.open('/db/f');
    const clone = fs.crashClone();
    handle.append(bytes(3));
    clone.open('/db/f').append(bytes(9));
    expect(fs.readFile('/db/f')).toEqual(bytes(1, 2, 3));
    expect(clone.readFile('/db/f')).toEqual(bytes(1, 2, 9));
  });

  it('a file reachable through two synced entries stays one inode in the clone', () => {
    const fs = withSyncedFile();
    fs.mkdirAll('/other');
    fs.rename('/db/f', '/other/f');
    // Only the target directory is synced: both names survive, pointing at one file.
    fs.syncDirectory('/other');
    const crashed = fs.crashClone();
    crashed.open('/db/f').append(bytes(3));
    expect(crashed.readFile('/other/f')).toEqual(bytes(1, 2, 3));
    // rename(2) between two links of one file does nothing: both names stay.
    crashed.rename('/db/f', '/other/f');
    expect([crashed.exists('/db/f'), crashed.exists('/other/f')]).toEqual([true, true]);
  });

  it('durableContents answers what a power loss would leave of one file', () => {
    const fs = withSyncedFile();
    fs.open('/db/f').append(bytes(3));
    fs.open('/db/new', { create: true }).close();
    expect(fs.durableContents('/db/f')).toEqual(bytes(1, 2));
    expect(fs.durableContents('/db/new')).toBeUndefined();
  });
});
