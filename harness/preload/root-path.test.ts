import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DescriptorTable } from './descriptor-table.js';
import { createRootPath } from './root-path.js';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) fs.rmSync(directory, { recursive: true, force: true });
});

describe('createRootPath', () => {
  it('maps paths under the root to root-relative ones, and others to undefined', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-root-'));
    directories.push(root);
    const rootPath = createRootPath(root);
    expect(rootPath.relative(root)).toBe('.');
    expect(rootPath.relative(`${root}/a/../b/c`)).toBe('b/c');
    expect(rootPath.relative(Buffer.from(`${root}/x`))).toBe('x');
    expect(rootPath.relative(pathToFileURL(`${root}/y`))).toBe('y');
    expect(rootPath.relative(`${root}-sibling/x`)).toBeUndefined();
    expect(rootPath.relative(path.dirname(root))).toBeUndefined();
    expect(rootPath.relative(42)).toBeUndefined();
    expect(rootPath.fromRelative('b/c')).toBe(path.join(root, 'b/c'));
  });

  it('accepts the root through a symbolic link as well as its real path', () => {
    const real = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-root-'));
    directories.push(real);
    const link = `${real}-link`;
    fs.symlinkSync(real, link);
    directories.push(link);
    const rootPath = createRootPath(link);
    expect(rootPath.relative(`${real}/f`)).toBe('f');
    expect(rootPath.relative(`${link}/f`)).toBe('f');
  });
});

describe('DescriptorTable.rename', () => {
  it('follows renames of files and of directories holding them', () => {
    const table = new DescriptorTable();
    const entry = (filePath: string) => ({ fileId: 1, path: filePath, positionBytes: 0, append: false, writable: true, syncMode: 'none' as const, isDirectory: false });
    table.track(3, entry('a/f'));
    table.track(4, entry('ab/g'));
    table.rename('a', 'z');
    expect(table.get(3)?.path).toBe('z/f');
    expect(table.get(4)?.path).toBe('ab/g');
    table.rename('z/f', 'h');
    expect(table.get(3)?.path).toBe('h');
  });
});
