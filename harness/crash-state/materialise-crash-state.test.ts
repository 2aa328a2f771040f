import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemFileSystem } from '../../engine/fs/mem-file-system.js';
import { NodeFileSystem } from '../../engine/fs/node-file-system.js';
import { materialiseCrashState } from './materialise-crash-state.js';
import { comparableState, stateAfter } from './test-support/build-at-end.js';
import { readDirectoryTree } from './test-support/read-directory-tree.js';
import { TraceScript } from './test-support/trace-script.js';

const script = new TraceScript().mkdir('wal/archive').create('wal/1').write('wal/1', 0, 'record').create('empty').create('wal/archive/2').write('wal/archive/2', 3, 'x');
const state = stateAfter(script.records, 'process-crash');

describe('materialiseCrashState', () => {
  const scratch: string[] = [];
  afterEach(() => {
    for (const directory of scratch.splice(0)) fs.rmSync(directory, { recursive: true, force: true });
  });

  it('writes a state into a real directory that then reads back as the state', () => {
    const root = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'unplug-materialise-'));
    scratch.push(root);
    const target = nodePath.join(root, 'data');
    materialiseCrashState(state, new NodeFileSystem(), target);
    expect(comparableState(readDirectoryTree(target))).toEqual(comparableState(state));
    expect(state.directories).toEqual(['wal', 'wal/archive']);
  });

  it('writes a state into the in-memory file system', () => {
    const memory = new MemFileSystem();
    materialiseCrashState(state, memory, '/db');
    expect(memory.list('/db')).toEqual(['empty', 'wal']);
    expect(Buffer.from(memory.readFile('/db/wal/archive/2')).toString('latin1')).toBe('\0\0\0x');
    expect(memory.readFile('/db/empty').byteLength).toBe(0);
  });

  it('refuses a directory that is not empty', () => {
    const memory = new MemFileSystem();
    memory.mkdirAll('/db');
    memory.open('/db/stale', { create: true }).close();
    expect(() => materialiseCrashState(state, memory, '/db')).toThrow(/DIRECTORY_NOT_EMPTY.*stale/);
  });
});
