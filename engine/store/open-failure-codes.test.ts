/**
 * A failed open names the real error: the fatal code is the file system's own
 * (EEXIST, EISDIR, ENOTDIR, EACCES), not EIO for everything.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openEngine } from './open-engine.js';

function openError(directory: string): unknown {
  try {
    openEngine({ directory, segmentSizeBytes: 4096 });
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('open failures keep their file-system code', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-open-codes-'));
  });
  afterEach(() => {
    fs.chmodSync(scratch, 0o700);
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('a regular file where the directory should be', () => {
    const file = path.join(scratch, 'not-a-directory');
    fs.writeFileSync(file, 'x');
    expect(openError(file)).toMatchObject({ code: expect.stringMatching(/^(EEXIST|ENOTDIR)$/), message: expect.stringContaining('not-a-directory') });
  });

  it('a path under a regular file', () => {
    fs.writeFileSync(path.join(scratch, 'file'), 'x');
    expect(openError(path.join(scratch, 'file', 'db'))).toMatchObject({ code: 'ENOTDIR' });
  });

  it('a directory where the control file should be', () => {
    fs.mkdirSync(path.join(scratch, 'unplug.control'));
    expect(openError(scratch)).toMatchObject({ code: 'EISDIR', message: expect.stringContaining('unplug.control') });
  });

  it.skipIf(process.getuid?.() === 0)('a directory the engine may not read (skipped as root, which may read anything)', () => {
    const locked = path.join(scratch, 'locked');
    fs.mkdirSync(locked, 0o000);
    expect(openError(locked)).toMatchObject({ code: 'EACCES' });
  });
});
