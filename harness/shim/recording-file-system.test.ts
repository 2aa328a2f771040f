import { describe, expect, it } from 'vitest';
import { MemFileSystem } from '../../engine/fs/mem-file-system.js';
import { createMemoryTraceSink } from '../trace/trace-sink.js';
import type { TraceRecord } from '../trace/trace-record.js';
import { RecordingFileSystem } from './recording-file-system.js';

function bytes(...values: number[]): Uint8Array {
  return new Uint8Array(values);
}

function setUp(): { base: MemFileSystem; recording: RecordingFileSystem; records: readonly TraceRecord[]; crashIndices: number[] } {
  const base = new MemFileSystem();
  base.mkdirAll('/db');
  base.mkdirAll('/elsewhere');
  const existing = base.open('/db/old', { create: true });
  existing.write(bytes(1, 1, 1), 0);
  existing.close();
  const sink = createMemoryTraceSink();
  const crashIndices: number[] = [];
  const recording = new RecordingFileSystem(base, { root: '/db', sink, crashPoint: { afterOperation: (index) => crashIndices.push(index) } });
  return { base, recording, records: sink.records, crashIndices };
}

describe('RecordingFileSystem', () => {
  it('records a scripted sequence: creates, resolved appends, syncs, a rename that keeps the file id, truncates', () => {
    const { recording, records, crashIndices } = setUp();
    recording.mkdirAll('/db/wal/archive');
    const segment = recording.open('/db/wal/seg.tmp', { create: true });
    expect(segment.append(bytes(1, 2, 3))).toBe(0);
    expect(segment.append(bytes(4, 5))).toBe(3);
    segment.write(bytes(9), 10);
    segment.sync('fdatasync');
    recording.rename('/db/wal/seg.tmp', '/db/wal/seg');
    segment.append(bytes(6));
    const dsync = recording.open('/db/wal/seg', { syncMode: 'dsync' });
    dsync.write(bytes(7), 0);
    recording.syncDirectory('/db/wal');
    recording.syncDirectory('/db');
    const old = recording.open('/db/old', { truncate: true });
    old.close();
    recording.remove('/db/old');
    recording.open('/db/old', { create: true, exclusive: true }).close();
    segment.truncate(2);
    segment.sync('fsync');
    expect(records).toEqual([
      { kind: 'mkdir', path: 'wal' },
      { kind: 'mkdir', path: 'wal/archive' },
      { kind: 'create', path: 'wal/seg.tmp', fileId: 1 },
      { kind: 'open', path: 'wal/seg.tmp', fileId: 1, syncMode: 'none' },
      { kind: 'write', fileId: 1, offsetBytes: 0, data: bytes(1, 2, 3), syncMode: 'none' },
      { kind: 'write', fileId: 1, offsetBytes: 3, data: bytes(4, 5), syncMode: 'none' },
      { kind: 'write', fileId: 1, offsetBytes: 10, data: bytes(9), syncMode: 'none' },
      { kind: 'sync', fileId: 1, syncKind: 'fdatasync' },
      { kind: 'rename', sourcePath: 'wal/seg.tmp', targetPath: 'wal/seg' },
      { kind: 'write', fileId: 1, offsetBytes: 11, data: bytes(6), syncMode: 'none' },
      { kind: 'open', path: 'wal/seg', fileId: 1, syncMode: 'dsync' },
      { kind: 'write', fileId: 1, offsetBytes: 0, data: bytes(7), syncMode: 'dsync' },
      { kind: 'sync-directory', path: 'wal' },
      { kind: 'sync-directory', path: '.' },
      { kind: 'open', path: 'old', fileId: 2, syncMode: 'none' },
      { kind: 'truncate', fileId: 2, sizeBytes: 0 },
      { kind: 'remove', path: 'old' },
      { kind: 'create', path: 'old', fileId: 3 },
      { kind: 'open', path: 'old', fileId: 3, syncMode: 'none' },
      { kind: 'truncate', fileId: 1, sizeBytes: 2 },
      { kind: 'sync', fileId: 1, syncKind: 'fsync' },
    ]);
    expect(crashIndices).toEqual(records.map((_, index) => index));
    expect(recording.recordedOperationCount).toBe(records.length);
  });

  it('records nothing outside the root and does not record reads', () => {
    const { recording, records } = setUp();
    recording.mkdirAll('/elsewhere/sub');
    const outside = recording.open('/elsewhere/sub/x', { create: true });
    outside.write(bytes(1), 0);
    outside.sync('fsync');
    recording.syncDirectory('/elsewhere');
    recording.readFile('/db/old');
    recording.list('/db');
    recording.exists('/db/old');
    recording.open('/db/old', { readOnly: true }).read(0, 3);
    expect(records).toEqual([{ kind: 'open', path: 'old', fileId: 1, syncMode: 'none' }]);
  });

  it('records renames across the root boundary as what the root sees', () => {
    const { base, recording, records } = setUp();
    const outside = base.open('/elsewhere/incoming', { create: true });
    outside.write(bytes(5, 6), 0);
    outside.close();
    recording.rename('/elsewhere/incoming', '/db/old');
    recording.rename('/db/old', '/elsewhere/gone');
    expect(records).toEqual([
      { kind: 'remove', path: 'old' },
      { kind: 'create', path: 'old', fileId: 1 },
      { kind: 'write', fileId: 1, offsetBytes: 0, data: bytes(5, 6), syncMode: 'none' },
      { kind: 'remove', path: 'old' },
    ]);
  });

  it('does not record an operation that failed', () => {
    const { recording, records } = setUp();
    expect(() => recording.open('/db/old', { create: true, exclusive: true })).toThrow(/EEXIST/);
    expect(() => recording.remove('/db/missing')).toThrow(/ENOENT/);
    expect(records).toEqual([]);
  });

  it('names a faulted file by its current path, following renames through its handle', () => {
    const { recording, records } = setUp();
    const handle = recording.open('/db/a.tmp', { create: true });
    recording.rename('/db/a.tmp', '/db/a');
    recording.recordFault({ fault: 'eio-fsync', operation: 'sync', path: handle.path, handle });
    recording.recordFault({ fault: 'enospc', operation: 'mkdir', path: '/db/dir' });
    expect(records.slice(-2)).toEqual([
      { kind: 'fault', fault: 'eio-fsync', operation: 'sync', path: 'a' },
      { kind: 'fault', fault: 'enospc', operation: 'mkdir', path: 'dir' },
    ]);
    // Fault records do not count towards the crash point's index.
    expect(recording.recordedOperationCount).toBe(records.length - 2);
  });

  it('unwraps to its base', () => {
    const { base, recording } = setUp();
    expect(recording.unwrap()).toBe(base);
  });
});
