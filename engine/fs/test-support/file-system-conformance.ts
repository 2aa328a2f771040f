/**
 * The conformance suite every `FileSystem` implementation passes: the visible
 * semantics (not durability) that the engine relies on, with the error codes
 * Linux gives. Run against NodeFileSystem it checks our reading of Linux; run
 * against MemFileSystem it checks the model against that reading. The error
 * codes are in `file-system-error-conformance.ts`, registered from here.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileSystem } from '../file-system.js';
import { registerErrorConformance } from './file-system-error-conformance.js';
import { bytes, expectFileSystemError } from './file-system-expectations.js';

/** A file system with a fresh, empty directory to work in. */
export interface FileSystemFixture {
  readonly fileSystem: FileSystem;
  /** An existing empty directory. */
  readonly root: string;
  readonly cleanup: () => void;
}

/** Registers the conformance suite for the file systems `makeFixture` builds. */
export function describeFileSystemConformance(name: string, makeFixture: () => FileSystemFixture): void {
  describe(`${name} conformance`, () => {
    let fixture: FileSystemFixture;
    let fs: FileSystem;
    const at = (relative: string): string => `${fixture.root}/${relative}`;
    beforeEach(() => {
      fixture = makeFixture();
      fs = fixture.fileSystem;
    });
    afterEach(() => fixture.cleanup());

    it('writes and reads back a file', () => {
      const handle = fs.open(at('f'), { create: true });
      handle.write(bytes(1, 2, 3), 0);
      handle.write(bytes(9), 1);
      expect(handle.read(0, 3)).toEqual(bytes(1, 9, 3));
      expect(fs.readFile(at('f'))).toEqual(bytes(1, 9, 3));
      handle.close();
    });

    it('zero-fills a write at an offset past the end', () => {
      const handle = fs.open(at('f'), { create: true });
      handle.write(bytes(7), 4);
      expect(fs.readFile(at('f'))).toEqual(bytes(0, 0, 0, 0, 7));
      expect(handle.sizeBytes()).toBe(5);
      handle.close();
    });

    it('does not extend the file for an empty write past the end', () => {
      const handle = fs.open(at('f'), { create: true });
      handle.write(new Uint8Array(0), 10);
      expect(handle.sizeBytes()).toBe(0);
      expect(handle.append(bytes(1))).toBe(0);
      handle.close();
    });

    it('append returns the offset it wrote at, after any write past the end', () => {
      const handle = fs.open(at('f'), { create: true });
      expect(handle.append(bytes(1, 2))).toBe(0);
      expect(handle.append(bytes(3))).toBe(2);
      handle.write(bytes(5), 6);
      expect(handle.append(bytes(8))).toBe(7);
      expect(fs.readFile(at('f'))).toEqual(bytes(1, 2, 3, 0, 0, 0, 5, 8));
      handle.close();
    });

    it('appends at the end of a file that existed before it was opened', () => {
      fs.open(at('f'), { create: true }).append(bytes(1, 2, 3));
      const handle = fs.open(at('f'));
      expect(handle.sizeBytes()).toBe(3);
      expect(handle.append(bytes(4))).toBe(3);
      handle.close();
    });

    it('shares the end of file between two handles of one file', () => {
      const first = fs.open(at('f'), { create: true });
      const second = fs.open(at('f'));
      expect(first.append(bytes(1, 2))).toBe(0);
      expect(second.append(bytes(3))).toBe(2);
      expect(first.sizeBytes()).toBe(3);
      first.close();
      second.close();
    });

    it('reads short only at the end of the file', () => {
      const handle = fs.open(at('f'), { create: true });
      handle.write(bytes(1, 2, 3, 4, 5), 0);
      expect(handle.read(1, 3)).toEqual(bytes(2, 3, 4));
      expect(handle.read(3, 10)).toEqual(bytes(4, 5));
      expect(handle.read(5, 4)).toEqual(new Uint8Array(0));
      expect(handle.read(50, 4)).toEqual(new Uint8Array(0));
      handle.close();
    });

    it('truncate grows with zeros and shrinks, and a shrunk tail reads as zeros when regrown', () => {
      const handle = fs.open(at('f'), { create: true });
      handle.write(bytes(1, 2, 3, 4), 0);
      handle.truncate(6);
      expect(fs.readFile(at('f'))).toEqual(bytes(1, 2, 3, 4, 0, 0));
      handle.truncate(1);
      expect(handle.sizeBytes()).toBe(1);
      handle.write(bytes(9), 3);
      expect(fs.readFile(at('f'))).toEqual(bytes(1, 0, 0, 9));
      handle.close();
    });

    it('open with truncate empties an existing file', () => {
      fs.open(at('f'), { create: true }).write(bytes(1, 2), 0);
      const handle = fs.open(at('f'), { truncate: true });
      expect(handle.sizeBytes()).toBe(0);
      expect(fs.readFile(at('f'))).toEqual(new Uint8Array(0));
      handle.close();
    });

    it('rename replaces the target, and the source name is gone', () => {
      fs.open(at('old'), { create: true }).write(bytes(1), 0);
      fs.open(at('new'), { create: true }).write(bytes(2, 2), 0);
      fs.rename(at('new'), at('old'));
      expect(fs.readFile(at('old'))).toEqual(bytes(2, 2));
      expect(fs.exists(at('new'))).toBe(false);
      expect(fs.list(fixture.root)).toEqual(['old']);
    });

    it('a handle follows its file through a rename', () => {
      const handle = fs.open(at('a'), { create: true });
      fs.rename(at('a'), at('b'));
      handle.append(bytes(4));
      expect(fs.readFile(at('b'))).toEqual(bytes(4));
      handle.close();
    });

    it('lists names sorted, files and directories alike', () => {
      for (const name of ['b', 'a1', 'C', 'a']) fs.open(at(name), { create: true }).close();
      fs.mkdirAll(at('d/e'));
      expect(fs.list(fixture.root)).toEqual(['C', 'a', 'a1', 'b', 'd']);
      expect(fs.list(at('d'))).toEqual(['e']);
      expect(fs.list(`${fixture.root}/`)).toEqual(['C', 'a', 'a1', 'b', 'd']);
    });

    it('mkdirAll makes parents, tolerates existing directories, and fails on a file', () => {
      fs.mkdirAll(at('x/y/z'));
      fs.mkdirAll(at('x/y'));
      expect(fs.exists(at('x/y/z'))).toBe(true);
      fs.open(at('x/file'), { create: true }).close();
      expectFileSystemError(() => fs.mkdirAll(at('x/file')), 'EEXIST');
      expectFileSystemError(() => fs.mkdirAll(at('x/file/sub')), 'ENOTDIR');
    });

    it('remove unlinks a file; an open handle still works', () => {
      const handle = fs.open(at('f'), { create: true });
      fs.remove(at('f'));
      expect(fs.exists(at('f'))).toBe(false);
      handle.append(bytes(1, 2));
      expect(handle.read(0, 2)).toEqual(bytes(1, 2));
      handle.close();
    });

    it('syncs files with both kinds, through O_DSYNC and O_SYNC handles, and syncs directories', () => {
      for (const syncMode of ['none', 'dsync', 'sync'] as const) {
        const handle = fs.open(at(`f-${syncMode}`), { create: true, syncMode });
        handle.append(bytes(1));
        handle.sync('fsync');
        handle.sync('fdatasync');
        handle.close();
        expect(fs.readFile(at(`f-${syncMode}`))).toEqual(bytes(1));
      }
      fs.syncDirectory(fixture.root);
    });

    registerErrorConformance(() => fixture);
  });
}
