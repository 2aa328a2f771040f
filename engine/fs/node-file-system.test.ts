import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSystemError } from './file-system.js';
import { NodeFileSystem, toFileSystemError } from './node-file-system.js';
import { describeFileSystemConformance } from './test-support/file-system-conformance.js';
import { bytes } from './test-support/file-system-expectations.js';

function makeNodeFixture() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-node-fs-'));
  return { fileSystem: new NodeFileSystem(), root, cleanup: () => fs.rmSync(root, { recursive: true, force: true }) };
}

describeFileSystemConformance('NodeFileSystem', makeNodeFixture);

describe('NodeFileSystem specifics', () => {
  it('maps known errno codes through, EDQUOT to ENOSPC, and unknown ones to EIO with the original as cause', () => {
    const enospc = toFileSystemError(Object.assign(new Error('full'), { code: 'ENOSPC' }), 'write', '/x');
    expect([enospc.code, enospc.operation, enospc.path]).toEqual(['ENOSPC', 'write', '/x']);
    expect(toFileSystemError(Object.assign(new Error('quota'), { code: 'EDQUOT' }), 'write', '/x').code).toBe('ENOSPC');
    expect(toFileSystemError(Object.assign(new Error('denied'), { code: 'EACCES' }), 'open', '/x').code).toBe('EACCES');
    const original = Object.assign(new Error('loop'), { code: 'ELOOP' });
    const mapped = toFileSystemError(original, 'open', '/x');
    expect(mapped.code).toBe('EIO');
    expect(mapped.cause).toBe(original);
    const already = new FileSystemError('EBADF', 'read', '/y');
    expect(toFileSystemError(already, 'other', '/z')).toBe(already);
  });

  it('lets a programming error from node:fs (a bad argument type) through instead of calling it EIO', () => {
    expect(() => new NodeFileSystem().rename(undefined as unknown as string, 'x')).toThrow(TypeError);
  });

  it('writes reach the real file, visible to plain node:fs', () => {
    const fixture = makeNodeFixture();
    try {
      const handle = fixture.fileSystem.open(`${fixture.root}/f`, { create: true, syncMode: 'dsync' });
      handle.append(bytes(1, 2, 3));
      handle.close();
      expect([...fs.readFileSync(path.join(fixture.root, 'f'))]).toEqual([1, 2, 3]);
    } finally {
      fixture.cleanup();
    }
  });

  it('forgets the shared size once the last handle closes, and re-reads it at the next open', () => {
    const fixture = makeNodeFixture();
    try {
      const file = `${fixture.root}/f`;
      const handle = fixture.fileSystem.open(file, { create: true });
      handle.append(bytes(1));
      handle.close();
      // A change made outside the file system while no handle is open is seen by the next open.
      fs.appendFileSync(file, Buffer.from([2, 3]));
      const reopened = fixture.fileSystem.open(file);
      expect(reopened.append(bytes(4))).toBe(3);
      reopened.close();
    } finally {
      fixture.cleanup();
    }
  });

  it('is a base implementation: unwrap gives undefined', () => {
    expect(new NodeFileSystem().unwrap()).toBeUndefined();
  });
});
