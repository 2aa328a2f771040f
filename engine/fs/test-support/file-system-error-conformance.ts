/**
 * The error half of the file-system conformance suite: the Linux error code of
 * every misuse the engine could make or meet (missing paths, files used as
 * directories and back, closed and read-only handles), and argument bugs that
 * are assertions rather than I/O errors. Registered by
 * `describeFileSystemConformance`, inside its describe block.
 */
import { beforeEach, expect, it } from 'vitest';
import { AssertionFailure } from '../../invariants.js';
import type { FileSystem } from '../file-system.js';
import type { FileSystemFixture } from './file-system-conformance.js';
import { bytes, expectFileSystemError } from './file-system-expectations.js';

/** Registers the error-code tests; `currentFixture` gives the fixture of the running test. */
export function registerErrorConformance(currentFixture: () => FileSystemFixture): void {
  let fs: FileSystem;
  const at = (relative: string): string => `${currentFixture().root}/${relative}`;
  beforeEach(() => {
    fs = currentFixture().fileSystem;
  });

  it('exclusive create fails with EEXIST on a file or a directory', () => {
    fs.open(at('f'), { create: true, exclusive: true }).close();
    expectFileSystemError(() => fs.open(at('f'), { create: true, exclusive: true }), 'EEXIST');
    fs.mkdirAll(at('d'));
    expectFileSystemError(() => fs.open(at('d'), { create: true, exclusive: true }), 'EEXIST');
  });

  it('missing files and directories give ENOENT', () => {
    expectFileSystemError(() => fs.open(at('missing')), 'ENOENT');
    expectFileSystemError(() => fs.open(at('nodir/f'), { create: true }), 'ENOENT');
    expectFileSystemError(() => fs.readFile(at('missing')), 'ENOENT');
    expectFileSystemError(() => fs.remove(at('missing')), 'ENOENT');
    expectFileSystemError(() => fs.rename(at('missing'), at('other')), 'ENOENT');
    expectFileSystemError(() => fs.list(at('missing')), 'ENOENT');
    expectFileSystemError(() => fs.syncDirectory(at('missing')), 'ENOENT');
    expect(fs.exists(at('missing'))).toBe(false);
    expect(fs.exists(at('missing/deeper'))).toBe(false);
  });

  it('files used as directories give ENOTDIR', () => {
    fs.open(at('f'), { create: true }).close();
    expectFileSystemError(() => fs.list(at('f')), 'ENOTDIR');
    expectFileSystemError(() => fs.syncDirectory(at('f')), 'ENOTDIR');
    expectFileSystemError(() => fs.open(at('f/g'), { create: true }), 'ENOTDIR');
    expect(fs.exists(at('f/g'))).toBe(false);
  });

  it('directories used as files give EISDIR', () => {
    fs.mkdirAll(at('d'));
    expectFileSystemError(() => fs.open(at('d')), 'EISDIR');
    expectFileSystemError(() => fs.open(at('d'), { readOnly: true }), 'EISDIR');
    expectFileSystemError(() => fs.readFile(at('d')), 'EISDIR');
    expectFileSystemError(() => fs.remove(at('d')), 'EISDIR');
    fs.open(at('f'), { create: true }).close();
    expectFileSystemError(() => fs.rename(at('f'), at('d')), 'EISDIR');
  });

  it('a closed handle gives EBADF for every operation', () => {
    const handle = fs.open(at('f'), { create: true });
    handle.close();
    expectFileSystemError(() => handle.write(bytes(1), 0), 'EBADF');
    expectFileSystemError(() => handle.append(bytes(1)), 'EBADF');
    expectFileSystemError(() => handle.read(0, 1), 'EBADF');
    expectFileSystemError(() => handle.truncate(0), 'EBADF');
    expectFileSystemError(() => handle.sync('fsync'), 'EBADF');
    expectFileSystemError(() => handle.sizeBytes(), 'EBADF');
    expectFileSystemError(() => handle.close(), 'EBADF');
  });

  it('a read-only handle reads and syncs but refuses writes (EBADF) and truncates (EINVAL)', () => {
    fs.open(at('f'), { create: true }).write(bytes(1, 2), 0);
    const handle = fs.open(at('f'), { readOnly: true });
    expect(handle.read(0, 2)).toEqual(bytes(1, 2));
    handle.sync('fdatasync');
    expectFileSystemError(() => handle.write(bytes(1), 0), 'EBADF');
    expectFileSystemError(() => handle.append(bytes(1)), 'EBADF');
    expectFileSystemError(() => handle.truncate(0), 'EINVAL');
    handle.close();
  });

  it('rejects a negative offset, a fractional size and a read-only truncating open as bugs, not I/O errors', () => {
    const handle = fs.open(at('f'), { create: true });
    expect(() => handle.write(bytes(1), -1)).toThrow(AssertionFailure);
    expect(() => handle.read(0, 1.5)).toThrow(AssertionFailure);
    expect(() => handle.truncate(-2)).toThrow(AssertionFailure);
    expect(() => fs.open(at('f'), { readOnly: true, truncate: true })).toThrow(AssertionFailure);
    handle.close();
  });

  it('errors name the operation and the path', () => {
    const error = expectFileSystemError(() => fs.readFile(at('missing')), 'ENOENT');
    expect(error.operation).toBe('readFile');
    expect(error.path).toBe(at('missing'));
    expect(error.injected).toBe(false);
  });
}
