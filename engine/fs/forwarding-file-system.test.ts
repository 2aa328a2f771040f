import { describe, expect, it } from 'vitest';
import { CountingFileSystem } from './counting-file-system.js';
import type { FileHandle, FileSystem, OpenOptions } from './file-system.js';
import { ForwardingFileHandle, ForwardingFileSystem } from './forwarding-file-system.js';
import { MemFileSystem } from './mem-file-system.js';
import { describeFileSystemConformance } from './test-support/file-system-conformance.js';
import { bytes } from './test-support/file-system-expectations.js';

/** A forwarding file system that also wraps every handle, so the handle base is exercised too. */
class HandleWrappingFileSystem extends ForwardingFileSystem {
  override open(path: string, options?: OpenOptions): FileHandle {
    return new ForwardingFileHandle(this.inner.open(path, options));
  }
}

/** Overrides one handle call only: appends are doubled. */
class DoublingAppendFileSystem extends ForwardingFileSystem {
  override open(path: string, options?: OpenOptions): FileHandle {
    return new DoublingAppendFileHandle(this.inner.open(path, options));
  }
}

class DoublingAppendFileHandle extends ForwardingFileHandle {
  override append(data: Uint8Array): number {
    const offsetBytes = this.inner.append(data);
    this.inner.append(data);
    return offsetBytes;
  }
}

function memoryFixture(wrap: (inner: FileSystem) => FileSystem) {
  const inner = new MemFileSystem();
  inner.mkdirAll('/work-dir');
  return { fileSystem: wrap(inner), root: '/work-dir', cleanup: () => {} };
}

describeFileSystemConformance('ForwardingFileSystem over MemFileSystem', () => memoryFixture((inner) => new ForwardingFileSystem(inner)));
describeFileSystemConformance('ForwardingFileSystem with ForwardingFileHandles', () => memoryFixture((inner) => new HandleWrappingFileSystem(inner)));

describe('ForwardingFileSystem', () => {
  it('forwards every file-system and handle call exactly once, and unwraps to the wrapped file system', () => {
    const counting = new CountingFileSystem(new MemFileSystem());
    const fs = new HandleWrappingFileSystem(counting);
    fs.mkdirAll('/db');
    const handle = fs.open('/db/f', { create: true });
    handle.write(bytes(1), 0);
    expect(handle.append(bytes(2))).toBe(1);
    expect(handle.read(0, 2)).toEqual(bytes(1, 2));
    handle.truncate(1);
    handle.sync('fdatasync');
    expect(handle.sizeBytes()).toBe(1);
    expect(handle.path).toBe('/db/f');
    handle.close();
    fs.syncDirectory('/db');
    fs.rename('/db/f', '/db/g');
    expect(fs.list('/db')).toEqual(['g']);
    expect(fs.readFile('/db/g')).toEqual(bytes(1));
    expect(fs.exists('/db/g')).toBe(true);
    fs.remove('/db/g');
    expect(Object.values(counting.counts()).every((count) => count === 1)).toBe(true);
    expect(fs.unwrap()).toBe(counting);
  });

  it('changes only what a subclass overrides', () => {
    const inner = new MemFileSystem();
    const fs = new DoublingAppendFileSystem(inner);
    const handle = fs.open('/f', { create: true });
    expect(handle.append(bytes(7))).toBe(0);
    handle.write(bytes(9), 2);
    handle.close();
    expect(inner.readFile('/f')).toEqual(bytes(7, 7, 9));
  });
});
