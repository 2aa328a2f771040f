import { describe, expect, it } from 'vitest';
import { CrashStateError } from './crash-state-error.js';
import { builderAfter, filesAsText, stateAfter } from './test-support/build-at-end.js';
import { bytesOf, TraceScript } from './test-support/trace-script.js';

/** The classic atomic-replace program: write a temp file, sync it, rename it over the target. */
function atomicReplace(withDirectorySync: boolean): TraceScript {
  const script = new TraceScript().create('target').write('target', 0, 'old').sync('target').syncDirectory();
  script.create('target.tmp').write('target.tmp', 0, 'new contents').sync('target.tmp').rename('target.tmp', 'target');
  return withDirectorySync ? script.syncDirectory() : script;
}

describe('crash-state builder semantics', () => {
  it('loses a renamed-over file under power-loss without the directory sync, keeps it under process-crash', () => {
    const { records } = atomicReplace(false);
    expect(filesAsText(stateAfter(records, 'power-loss'))).toEqual({ target: 'old' });
    expect(filesAsText(stateAfter(records, 'process-crash'))).toEqual({ target: 'new contents' });
  });

  it('keeps the renamed-over file under both models once the directory is synced', () => {
    const { records } = atomicReplace(true);
    expect(filesAsText(stateAfter(records, 'power-loss'))).toEqual({ target: 'new contents' });
    expect(filesAsText(stateAfter(records, 'process-crash'))).toEqual({ target: 'new contents' });
  });

  it('drops the data of a failed fsync for good (fsyncgate), though a process crash still sees it', () => {
    const script = new TraceScript().create('wal').sync('wal').syncDirectory();
    script.write('wal', 0, 'commit 1').eioSync('wal').sync('wal');
    expect(filesAsText(stateAfter(script.records, 'power-loss'))).toEqual({ wal: '' });
    expect(filesAsText(stateAfter(script.records, 'process-crash'))).toEqual({ wal: 'commit 1' });
    // Data written after the failure is synced normally by the next sync.
    script.write('wal', 8, 'commit 2').sync('wal');
    expect(filesAsText(stateAfter(script.records, 'power-loss'))).toEqual({ wal: '\0'.repeat(8) + 'commit 2' });
  });

  it('makes O_DSYNC writes durable at once, and keeps them in order with earlier unsynced writes', () => {
    const script = new TraceScript().create('log').sync('log').syncDirectory();
    script.write('log', 0, 'aaaa'); // unsynced
    script.write('log', 2, 'BB', 'dsync'); // durable on return, over the unsynced bytes
    expect(filesAsText(stateAfter(script.records, 'power-loss'))).toEqual({ log: '\0\0BB' });
    expect(filesAsText(stateAfter(script.records, 'power-loss-prefix', 1, { kind: 'prefix', directoryOperationsKept: 0, unitsKeptPerFile: [4] }))).toEqual({ log: 'aaBB' });
  });

  it('treats a truncate as unsynced metadata until the file is synced', () => {
    const script = new TraceScript().create('f').write('f', 0, 'abcdef').sync('f').syncDirectory().truncate('f', 2);
    expect(filesAsText(stateAfter(script.records, 'power-loss'))).toEqual({ f: 'abcdef' });
    expect(filesAsText(stateAfter(script.sync('f').records, 'power-loss'))).toEqual({ f: 'ab' });
  });

  it('loses a synced file whose directory was created but never made durable', () => {
    const script = new TraceScript().mkdir('wal').create('wal/000001').write('wal/000001', 0, 'x').sync('wal/000001').syncDirectory('wal');
    const powerLoss = stateAfter(script.records, 'power-loss');
    expect(powerLoss.files.size).toBe(0);
    expect(powerLoss.directories).toEqual([]);
    const synced = stateAfter(script.syncDirectory('.').records, 'power-loss');
    expect(filesAsText(synced)).toEqual({ 'wal/000001': 'x' });
    expect(synced.directories).toEqual(['wal']);
  });

  it('keeps an unsynced remove from being durable, with the file showing its synced data', () => {
    const script = new TraceScript().create('segment').write('segment', 0, 'synced').sync('segment').syncDirectory();
    script.write('segment', 6, '+unsynced').remove('segment');
    expect(filesAsText(stateAfter(script.records, 'power-loss'))).toEqual({ segment: 'synced' });
    expect(stateAfter(script.records, 'process-crash').files.size).toBe(0);
  });

  it('makes each half of a cross-directory rename durable with its own directory', () => {
    const script = new TraceScript().mkdir('a').mkdir('b').syncDirectory().create('a/f').write('a/f', 0, 'data').sync('a/f').syncDirectory('a');
    script.rename('a/f', 'b/f').syncDirectory('b');
    expect(filesAsText(stateAfter(script.records, 'power-loss'))).toEqual({ 'a/f': 'data', 'b/f': 'data' });
    expect(filesAsText(stateAfter(script.syncDirectory('a').records, 'power-loss'))).toEqual({ 'b/f': 'data' });
  });

  it('starts from a durable base image and follows the files the trace opens', () => {
    const base = new Map([
      ['data/table', bytesOf('checkpointed')],
      ['wal/1', bytesOf('r1')],
    ]);
    const script = new TraceScript().open('wal/1').write('wal/1', 2, 'r2').open('data/table').write('data/table', 0, 'C', 'dsync');
    const options = { base, baseDirectories: ['empty'] };
    const powerLoss = stateAfter(script.records, 'power-loss', 1, undefined, options);
    expect(filesAsText(powerLoss)).toEqual({ 'data/table': 'Checkpointed', 'wal/1': 'r1' });
    expect(powerLoss.directories).toEqual(['data', 'empty', 'wal']);
    expect(filesAsText(stateAfter(script.records, 'process-crash', 1, undefined, options))).toEqual({ 'data/table': 'Checkpointed', 'wal/1': 'r1r2' });
  });

  it('counts only file-system records as operations', () => {
    const script = new TraceScript().create('f').output('{"type":"ready"}').write('f', 0, 'x').eioSync('f');
    const builder = builderAfter(script.records);
    expect(builder.operationCount).toBe(3);
    expect(builder.build('power-loss', 7).operationIndex).toBe(3);
  });

  it('rejects a trace that writes through a file id it never introduced, naming the record', () => {
    const script = new TraceScript().create('f');
    const records = [...script.records, { kind: 'write' as const, fileId: 99, offsetBytes: 0, data: bytesOf('x'), syncMode: 'none' as const }];
    expect(() => builderAfter(records)).toThrow(CrashStateError);
    expect(() => builderAfter(records)).toThrow(/UNKNOWN_FILE_ID: trace record 2: file id 99/);
  });

  it('rejects a remove of a path that does not exist', () => {
    expect(() => builderAfter(new TraceScript().create('f').remove('f').remove('f').records)).toThrow(/UNKNOWN_PATH/);
  });

  it('does not let a later state change an earlier one (states share bytes copy-on-write)', () => {
    const builder = builderAfter(new TraceScript().create('f').write('f', 0, 'one').records);
    const early = builder.build('process-crash', 1);
    builder.apply({ kind: 'write', fileId: 1, offsetBytes: 0, data: bytesOf('two'), syncMode: 'none' });
    expect(filesAsText(early)).toEqual({ f: 'one' });
    expect(filesAsText(builder.build('process-crash', 1))).toEqual({ f: 'two' });
  });
});
