import { describe, expect, it } from 'vitest';
import { COUNTED_OPERATIONS, CountingFileSystem } from './counting-file-system.js';
import { MemFileSystem } from './mem-file-system.js';
import { bytes, expectFileSystemError } from './test-support/file-system-expectations.js';

describe('CountingFileSystem', () => {
  it('counts every file-system and handle operation by kind, and forwards each one', () => {
    const inner = new MemFileSystem();
    const fs = new CountingFileSystem(inner);
    fs.mkdirAll('/db');
    const handle = fs.open('/db/f', { create: true });
    handle.write(bytes(1), 0);
    handle.append(bytes(2));
    handle.append(bytes(3));
    expect(handle.read(0, 3)).toEqual(bytes(1, 2, 3));
    handle.truncate(2);
    handle.sync('fdatasync');
    handle.sync('fsync');
    expect(handle.sizeBytes()).toBe(2);
    expect(handle.path).toBe('/db/f');
    handle.close();
    fs.syncDirectory('/db');
    fs.rename('/db/f', '/db/g');
    expect(fs.list('/db')).toEqual(['g']);
    expect(fs.readFile('/db/g')).toEqual(bytes(1, 2));
    expect(fs.exists('/db/g')).toBe(true);
    fs.remove('/db/g');
    expect(inner.exists('/db/g')).toBe(false);
    expect(fs.counts()).toEqual({
      open: 1,
      write: 1,
      append: 2,
      read: 1,
      truncate: 1,
      sync: 2,
      syncDirectory: 1,
      rename: 1,
      remove: 1,
      list: 1,
      mkdirAll: 1,
      readFile: 1,
      exists: 1,
      close: 1,
      sizeBytes: 1,
    });
    expect(Object.keys(fs.counts()).sort()).toEqual([...COUNTED_OPERATIONS].sort());
  });

  it('counts failed calls too', () => {
    const fs = new CountingFileSystem(new MemFileSystem());
    expectFileSystemError(() => fs.open('/missing'), 'ENOENT');
    expect(fs.counts().open).toBe(1);
  });

  it('reset sets every count to zero; a snapshot taken before does not change', () => {
    const fs = new CountingFileSystem(new MemFileSystem());
    const handle = fs.open('/f', { create: true });
    handle.append(bytes(1));
    handle.sync('fdatasync');
    const before = fs.counts();
    fs.reset();
    expect(Object.values(fs.counts()).every((count) => count === 0)).toBe(true);
    expect(before.sync).toBe(1);
    handle.sync('fdatasync');
    expect(fs.counts().sync).toBe(1);
  });

  it('shows fewer syncs than commits when commits are batched into one sync', () => {
    const fs = new CountingFileSystem(new MemFileSystem());
    const wal = fs.open('/wal', { create: true });
    const commitsPerBatch = 8;
    for (let batch = 0; batch < 4; batch += 1) {
      for (let commit = 0; commit < commitsPerBatch; commit += 1) wal.append(bytes(batch, commit));
      wal.sync('fdatasync');
    }
    expect(fs.counts().append).toBe(32);
    expect(fs.counts().sync).toBe(4);
  });

  it('unwraps to the file system it decorates', () => {
    const inner = new MemFileSystem();
    expect(new CountingFileSystem(inner).unwrap()).toBe(inner);
  });
});
