import { describe, expect, it } from 'vitest';
import { compilePathGlob } from './path-glob.js';
import { createRootRelativePath } from './shim-root.js';

describe('compilePathGlob', () => {
  it('matches * within one component and ** across components', () => {
    const walFiles = compilePathGlob('wal/*');
    expect(walFiles('wal/000000010000000000000001')).toBe(true);
    expect(walFiles('wal/sub/x')).toBe(false);
    expect(walFiles('data')).toBe(false);
    const anyTmp = compilePathGlob('**/*.tmp');
    expect(anyTmp('a.tmp')).toBe(true);
    expect(anyTmp('x/y/a.tmp')).toBe(true);
    expect(anyTmp('x/y/a.tmpx')).toBe(false);
    expect(compilePathGlob('wal/**')('wal/a/b')).toBe(true);
  });

  it('treats ? as one character and regular-expression characters literally', () => {
    expect(compilePathGlob('seg-?')('seg-1')).toBe(true);
    expect(compilePathGlob('seg-?')('seg-12')).toBe(false);
    expect(compilePathGlob('a.b')('a.b')).toBe(true);
    expect(compilePathGlob('a.b')('axb')).toBe(false);
    expect(compilePathGlob('(x)+')('(x)+')).toBe(true);
  });
});

describe('createRootRelativePath', () => {
  it('maps paths under the root to relative paths and others to undefined', () => {
    const relative = createRootRelativePath('/data/db');
    expect(relative('/data/db')).toBe('.');
    expect(relative('/data/db/')).toBe('.');
    expect(relative('/data/db/wal/x')).toBe('wal/x');
    expect(relative('/data/db//wal/./x')).toBe('wal/x');
    expect(relative('/data/dbx/y')).toBeUndefined();
    expect(relative('/data/db/../other')).toBeUndefined();
    expect(relative('/elsewhere')).toBeUndefined();
  });

  it('resolves a relative path against the current directory', () => {
    const relative = createRootRelativePath(process.cwd());
    expect(relative('some/file')).toBe('some/file');
  });
});
