/**
 * The builder fed by the real shim stack (recording + fault injection) and the
 * real trace file format, end to end: the must-show scenarios as a program
 * would run them.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSystemError, type FileSystem } from '../../engine/fs/file-system.js';
import { MemFileSystem } from '../../engine/fs/mem-file-system.js';
import { NodeFileSystem } from '../../engine/fs/node-file-system.js';
import { composeShimFileSystem } from '../shim/compose-shim-file-system.js';
import type { ShimConfig } from '../shim/shim-config.js';
import { readTrace } from '../trace/trace-reader.js';
import { builderAfter, filesAsText } from './test-support/build-at-end.js';
import { bytesOf } from './test-support/trace-script.js';

describe('crash states from traces the shim wrote', () => {
  const scratch: string[] = [];
  afterEach(() => {
    for (const directory of scratch.splice(0)) fs.rmSync(directory, { recursive: true, force: true });
  });

  /** Runs `program` on the real file system under the shim and returns the trace it left on disk. */
  function traced(program: (fileSystem: FileSystem, root: string) => void, faults: ShimConfig['faults'] = []): ReturnType<typeof readTrace>['records'] {
    const directory = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'unplug-shim-stack-'));
    scratch.push(directory);
    const root = nodePath.join(directory, 'data');
    fs.mkdirSync(root);
    const tracePath = nodePath.join(directory, 'trace.bin');
    const stack = composeShimFileSystem(new NodeFileSystem(), { root, tracePath, seed: 5, faults });
    program(stack.fileSystem, root);
    stack.close();
    const { records, tornTailBytes } = readTrace(tracePath);
    expect(tornTailBytes).toBe(0);
    return records;
  }

  function atomicReplace(withDirectorySync: boolean) {
    return (fileSystem: FileSystem, root: string): void => {
      const target = fileSystem.open(`${root}/config`, { create: true });
      target.write(bytesOf('old'), 0);
      target.sync('fsync');
      target.close();
      fileSystem.syncDirectory(root);
      const temporary = fileSystem.open(`${root}/config.tmp`, { create: true });
      temporary.write(bytesOf('new'), 0);
      temporary.sync('fsync');
      temporary.close();
      fileSystem.rename(`${root}/config.tmp`, `${root}/config`);
      if (withDirectorySync) fileSystem.syncDirectory(root);
    };
  }

  it('temp file, sync, rename without a directory sync: lost under power-loss, kept under process-crash', () => {
    const builder = builderAfter(traced(atomicReplace(false)));
    expect(filesAsText(builder.build('power-loss', 1))).toEqual({ config: 'old' });
    expect(filesAsText(builder.build('process-crash', 1))).toEqual({ config: 'new' });
  });

  it('temp file, sync, rename, directory sync: kept under both', () => {
    const builder = builderAfter(traced(atomicReplace(true)));
    expect(filesAsText(builder.build('power-loss', 1))).toEqual({ config: 'new' });
    expect(filesAsText(builder.build('process-crash', 1))).toEqual({ config: 'new' });
  });

  it('EIO on fsync, then a successful fsync: the data is gone under power-loss, present under process-crash', () => {
    const records = traced(
      (fileSystem, root) => {
        const wal = fileSystem.open(`${root}/wal`, { create: true });
        wal.sync('fdatasync');
        fileSystem.syncDirectory(root);
        wal.write(bytesOf('commit'), 0);
        expect(() => wal.sync('fdatasync')).toThrow(FileSystemError);
        wal.sync('fdatasync'); // "succeeds": the retry-after-EIO bug this models
        wal.close();
      },
      [{ kind: 'eio-fsync', target: { operations: ['sync'], matchIndex: 1 } }],
    );
    expect(records.filter((record) => record.kind === 'fault')).toEqual([{ kind: 'fault', fault: 'eio-fsync', operation: 'sync', path: 'wal' }]);
    const builder = builderAfter(records);
    expect(filesAsText(builder.build('power-loss', 1))).toEqual({ wal: '' });
    expect(filesAsText(builder.build('process-crash', 1))).toEqual({ wal: 'commit' });
  });

  it('ignores a failed directory sync (its entries simply stay unsynced)', () => {
    const memory = new MemFileSystem();
    memory.mkdirAll('/db');
    const records: Parameters<typeof builderAfter>[0][number][] = [];
    const stack = composeShimFileSystem(memory, { root: '/db', seed: 1, faults: [{ kind: 'eio-fsync', target: { operations: ['sync-directory'] } }] }, { sink: { append: (record) => records.push(record) } });
    stack.fileSystem.open('/db/f', { create: true }).close();
    expect(() => stack.fileSystem.syncDirectory('/db')).toThrow(/injected EIO/);
    const builder = builderAfter(records);
    expect(builder.build('power-loss', 1).files.size).toBe(0);
    expect([...builder.build('process-crash', 1).files.keys()]).toEqual(['f']);
  });
});
