import { describe, expect, it } from 'vitest';
import { MemFileSystem } from './mem-file-system.js';
import { describeFileSystemConformance } from './test-support/file-system-conformance.js';
import { bytes, expectFileSystemError } from './test-support/file-system-expectations.js';

describeFileSystemConformance('MemFileSystem', () => {
  const fileSystem = new MemFileSystem();
  fileSystem.mkdirAll('/work-dir');
  return { fileSystem, root: '/work-dir', cleanup: () => {} };
});

describe('MemFileSystem paths and limits', () => {
  it('treats relative paths, trailing slashes, "." and ".." like their normal form', () => {
    const fs = new MemFileSystem();
    fs.mkdirAll('db/');
    fs.open('./db/x', { create: true }).append(bytes(1));
    expect(fs.readFile('/db/x')).toEqual(bytes(1));
    expect(fs.readFile('/db/other/../x')).toEqual(bytes(1));
    expect(fs.list('/db/')).toEqual(['x']);
    expect(fs.list('/')).toEqual(['db']);
  });

  it('fails with ENOSPC past the file size limit and keeps the file unchanged', () => {
    const fs = new MemFileSystem({ fileSizeBytesMax: 4 });
    const handle = fs.open('/f', { create: true });
    handle.append(bytes(1, 2, 3));
    expectFileSystemError(() => handle.append(bytes(4, 5)), 'ENOSPC');
    expectFileSystemError(() => handle.truncate(5), 'ENOSPC');
    expect(fs.readFile('/f')).toEqual(bytes(1, 2, 3));
  });

  it('refuses renaming a directory into itself, and over a non-empty directory', () => {
    const fs = new MemFileSystem();
    fs.mkdirAll('/a/b');
    fs.mkdirAll('/c/d');
    expectFileSystemError(() => fs.rename('/a', '/a/b/inside'), 'EINVAL');
    expectFileSystemError(() => fs.rename('/a', '/c'), 'ENOTEMPTY');
    fs.rename('/a/b', '/c/d');
    expect(fs.list('/a')).toEqual([]);
  });
});
