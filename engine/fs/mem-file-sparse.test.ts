// The in-memory file system stores no zeros past what was written (a
// preallocated 16 MiB segment costs its header), yet reads, syncs, truncates
// and crash clones exactly as a file of real zeros would, on the real file
// system and in memory alike.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileSystem } from './file-system.js';
import { MemFileSystem } from './mem-file-system.js';
import { NodeFileSystem } from './node-file-system.js';

const MIB = 1024 * 1024;
const scratch: string[] = [];
afterEach(() => {
  for (const directory of scratch.splice(0)) fs.rmSync(directory, { recursive: true, force: true });
});

/** A preallocation as the engine's WAL writer does it, then writes over the zeros, a shrink and a regrow; returns what reads saw. */
function preallocateAndUse(fileSystem: FileSystem, directory: string): Uint8Array[] {
  const file = path.join(directory, 'segment');
  const handle = fileSystem.open(file, { create: true, truncate: true });
  const zeros = new Uint8Array(MIB);
  for (let offset = 0; offset < 4 * MIB; offset += MIB) handle.write(zeros, offset);
  handle.write(Uint8Array.of(1, 2, 3, 4), 0);
  handle.sync('fdatasync');
  handle.write(Uint8Array.of(7, 7), 3 * MIB + 5);
  // Zeros over written bytes must really clear them.
  handle.write(new Uint8Array(3), 1);
  const seen = [handle.read(0, 8), handle.read(3 * MIB, 8), handle.read(4 * MIB - 2, 8)];
  handle.truncate(2);
  handle.truncate(3 * MIB + 8);
  seen.push(handle.read(0, 8), handle.read(3 * MIB, 8));
  handle.sync('fsync');
  seen.push(Uint8Array.of(handle.sizeBytes() % 256, Math.floor(handle.sizeBytes() / MIB)));
  handle.close();
  seen.push(fileSystem.readFile(file).subarray(0, 8), fileSystem.readFile(file).subarray(3 * MIB, 3 * MIB + 8));
  return seen;
}

describe('MemFile sparse zeros', () => {
  it('reads what the real file system reads after a zero-filled preallocation, overwrites, a shrink and a regrow', () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-sparse-'));
    scratch.push(directory);
    const real = preallocateAndUse(new NodeFileSystem(), directory);
    const memory = new MemFileSystem();
    memory.mkdirAll('/d');
    expect(preallocateAndUse(memory, '/d')).toEqual(real);
    expect(real[0]).toEqual(Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0));
    expect(real[1]).toEqual(Uint8Array.of(0, 0, 0, 0, 0, 7, 7, 0));
  });

  it('keeps the synced zeros and drops the unsynced bytes on a power loss, at full size', () => {
    const memory = new MemFileSystem();
    memory.mkdirAll('/d');
    const handle = memory.open('/d/segment', { create: true });
    for (let offset = 0; offset < 16 * MIB; offset += MIB) handle.write(new Uint8Array(MIB), offset);
    handle.write(Uint8Array.of(9), 0);
    handle.sync('fdatasync');
    memory.syncDirectory('/d');
    handle.write(Uint8Array.of(5), 8 * MIB);
    const crashed = memory.crashClone({ unsynced: 'drop' }).readFile('/d/segment');
    expect(crashed.byteLength).toBe(16 * MIB);
    expect(crashed[0]).toBe(9);
    expect(crashed[8 * MIB]).toBe(0);
    const kept = memory.crashClone({ unsynced: 'keep' }).readFile('/d/segment');
    expect(kept[8 * MIB]).toBe(5);
    expect(kept.byteLength).toBe(16 * MIB);
  });
});
