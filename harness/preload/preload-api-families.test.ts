// One test per node:fs API family: an unmodified fixture program runs under the
// compiled preload shim, and the trace it leaves holds exactly the expected
// records, in order, with resolved offsets and the written bytes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fixturePath, readableRecords, removeTemporaryDirectories, runUnderPreload } from './test-support/run-under-preload.js';

afterEach(removeTemporaryDirectories);

const write = (fileId: string, offsetBytes: number, data: string) => ({ kind: 'write', fileId, offsetBytes, data, syncMode: 'none' });
const open = (fileId: string, filePath: string) => ({ kind: 'open', fileId, path: filePath, syncMode: 'none' });

describe('the preload shim records each node:fs API family', () => {
  it('sync API (through named ESM imports): positions, pwrite, truncate, rename, outside paths untraced', async () => {
    const run = await runUnderPreload(fixturePath('sync-api.mjs'), { argumentTemplate: ['{dir}', '{outside}/file'] });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(readableRecords(run.records)).toEqual([
      { kind: 'mkdir', path: 'sub' },
      { kind: 'mkdir', path: 'sub/deeper' },
      { kind: 'create', fileId: 'F0', path: 'a.log' },
      open('F0', 'a.log'),
      write('F0', 0, 'hello '),
      write('F0', 6, 'world'),
      write('F0', 2, 'XY'),
      write('F0', 11, '!'),
      { kind: 'sync', fileId: 'F0', syncKind: 'fdatasync' },
      { kind: 'truncate', fileId: 'F0', sizeBytes: 4 },
      { kind: 'create', fileId: 'F1', path: 'b.txt' },
      open('F1', 'b.txt'),
      write('F1', 0, 'bee'),
      open('F1', 'b.txt'),
      write('F1', 3, 'zz'),
      { kind: 'rename', sourcePath: 'b.txt', targetPath: 'sub/c.txt' },
      open('F1', 'sub/c.txt'),
      { kind: 'truncate', fileId: 'F1', sizeBytes: 1 },
      open('F1', 'sub/c.txt'),
      // A positionless read moved the descriptor to 1 before this write.
      write('F1', 1, 'R'),
      { kind: 'remove', path: 'a.log' },
    ]);
    // The last write went to a file outside the root: done, and not recorded.
    expect(fs.readFileSync(path.join(run.outsideDirectory, 'file'), 'utf8')).toBe('not traced');
  });

  it('callback API: O_APPEND offsets, writev, writeFile/appendFile, truncate by path, util.promisify', async () => {
    const run = await runUnderPreload(fixturePath('callback-api.mjs'));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ bytesWritten: 2, buffer: 'pp' });
    const records = readableRecords(run.records);
    expect(records.slice(0, 17)).toEqual([
      { kind: 'mkdir', path: 'd' },
      { kind: 'create', fileId: 'F0', path: 'd/f' },
      open('F0', 'd/f'),
      write('F0', 0, 'one\n'),
      write('F0', 4, 'two\n'),
      write('F0', 8, 'three\n'),
      { kind: 'sync', fileId: 'F0', syncKind: 'fsync' },
      { kind: 'truncate', fileId: 'F0', sizeBytes: 10 },
      { kind: 'create', fileId: 'F1', path: 'w' },
      open('F1', 'w'),
      write('F1', 0, 'ww'),
      open('F1', 'w'),
      write('F1', 2, 'aa'),
      { kind: 'rename', sourcePath: 'w', targetPath: 'w2' },
      open('F1', 'w2'),
      { kind: 'truncate', fileId: 'F1', sizeBytes: 1 },
      { kind: 'remove', path: 'w2' },
    ]);
    // d/g may reuse w2's inode number; compare kinds and data, not ids.
    expect(records.slice(17).map((record) => (record as { kind: string }).kind)).toEqual(['create', 'open', 'write', 'sync', 'output']);
    expect(records[19]).toMatchObject({ offsetBytes: 0, data: 'pp' });
    expect(records[20]).toMatchObject({ syncKind: 'fdatasync' });
  });

  it('promise API: writeFile, appendFile, truncate, rename, unlink, writeFile with flush', async () => {
    const run = await runUnderPreload(fixturePath('promises-api.mjs'));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(readableRecords(run.records)).toEqual([
      { kind: 'mkdir', path: 'p' },
      { kind: 'create', fileId: 'F0', path: 'p/x' },
      open('F0', 'p/x'),
      write('F0', 0, 'data'),
      open('F0', 'p/x'),
      write('F0', 4, '++'),
      open('F0', 'p/x'),
      { kind: 'truncate', fileId: 'F0', sizeBytes: 3 },
      { kind: 'rename', sourcePath: 'p/x', targetPath: 'p/y' },
      { kind: 'create', fileId: 'F1', path: 'p/z' },
      open('F1', 'p/z'),
      write('F1', 0, 'zz'),
      { kind: 'sync', fileId: 'F1', syncKind: 'fsync' },
      { kind: 'remove', path: 'p/y' },
    ]);
  });

  it('FileHandle methods: write shapes, writev, writeFile, sync, datasync, truncate, appendFile', async () => {
    const run = await runUnderPreload(fixturePath('file-handle.mjs'));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(readableRecords(run.records)).toEqual([
      { kind: 'create', fileId: 'F0', path: 'h' },
      open('F0', 'h'),
      write('F0', 0, 'abc'),
      write('F0', 1, 'Z'),
      write('F0', 3, 'de'),
      write('F0', 5, 'fg'),
      write('F0', 7, 'hi'),
      { kind: 'sync', fileId: 'F0', syncKind: 'fsync' },
      { kind: 'sync', fileId: 'F0', syncKind: 'fdatasync' },
      { kind: 'truncate', fileId: 'F0', sizeBytes: 2 },
      open('F0', 'h'),
      write('F0', 2, '++'),
    ]);
    expect(fs.readFileSync(path.join(run.dataDirectory, 'h'), 'utf8')).toBe('aZ++');
  });

  it('write streams go through the patched callback API, flush included', async () => {
    const run = await runUnderPreload(fixturePath('write-stream.mjs'));
    expect(run.exitCode, run.stderr).toBe(0);
    const records = readableRecords(run.records) as { kind: string; offsetBytes?: number; data?: string }[];
    expect(records.slice(0, 2)).toEqual([{ kind: 'create', fileId: 'F0', path: 's.log' }, open('F0', 's.log')]);
    const writes = records.filter((record) => record.kind === 'write');
    // The stream may coalesce chunks; the bytes must be contiguous and complete either way.
    let expectedOffset = 0;
    for (const record of writes) {
      expect(record.offsetBytes).toBe(expectedOffset);
      expectedOffset += Buffer.byteLength(record.data ?? '');
    }
    expect(writes.map((record) => record.data).join('')).toBe('line1\nline2\nline3\n');
    expect(records.at(-1)).toEqual({ kind: 'sync', fileId: 'F0', syncKind: 'fsync' });
  });

  it('directory fsync through a descriptor and through a FileHandle', async () => {
    const run = await runUnderPreload(fixturePath('directory-fsync.mjs'));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(readableRecords(run.records)).toEqual([
      { kind: 'create', fileId: 'F0', path: 'tmp' },
      open('F0', 'tmp'),
      write('F0', 0, 'new'),
      { kind: 'rename', sourcePath: 'tmp', targetPath: 'target' },
      { kind: 'sync-directory', path: '.' },
      { kind: 'mkdir', path: 'nested' },
      { kind: 'sync-directory', path: 'nested' },
    ]);
  });

  it('stdout: one output record per line, in order with file operations, after the bytes were written', async () => {
    const run = await runUnderPreload(fixturePath('standard-output.mjs'));
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toBe('{"type":"ready"}\npartial line\nsecond');
    expect(readableRecords(run.records)).toEqual([
      { kind: 'output', line: '{"type":"ready"}' },
      { kind: 'create', fileId: 'F0', path: 'f' },
      open('F0', 'f'),
      write('F0', 0, 'x'),
      { kind: 'output', line: 'partial line' },
      { kind: 'output', line: 'second' },
    ]);
  });

  it('an fsync through a second, read-only descriptor is recorded with the same file id', async () => {
    const run = await runUnderPreload(fixturePath('second-descriptor.mjs'));
    expect(run.exitCode, run.stderr).toBe(0);
    const [create, , written, sync] = run.records;
    expect(create).toMatchObject({ kind: 'create', path: 'f' });
    expect(written).toMatchObject({ kind: 'write', offsetBytes: 0 });
    expect(sync).toMatchObject({ kind: 'sync', syncKind: 'fsync' });
    expect(run.records).toHaveLength(4);
    const fileId = (create as { fileId: number }).fileId;
    expect((written as { fileId: number }).fileId).toBe(fileId);
    expect((sync as { fileId: number }).fileId).toBe(fileId);
    expect(fileId).toBe(fs.statSync(path.join(run.dataDirectory, 'f')).ino % 2 ** 32);
  });
});
