import { describe, expect, it } from 'vitest';
import { FileSystemError } from '../../engine/fs/file-system.js';
import { MemFileSystem } from '../../engine/fs/mem-file-system.js';
import { createMemoryTraceSink } from '../trace/trace-sink.js';
import { composeShimFileSystem, type ShimStack } from './compose-shim-file-system.js';
import type { InjectedFault } from './shim-config.js';

function bytes(...values: number[]): Uint8Array {
  return new Uint8Array(values);
}

function stackWith(faults: readonly InjectedFault[]): { stack: ShimStack; base: MemFileSystem; records: ReturnType<typeof createMemoryTraceSink>['records'] } {
  const base = new MemFileSystem();
  base.mkdirAll('/db');
  const sink = createMemoryTraceSink();
  const stack = composeShimFileSystem(base, { root: '/db', seed: 11, faults }, { sink });
  return { stack, base, records: sink.records };
}

function caught(action: () => unknown): FileSystemError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(FileSystemError);
    return error as FileSystemError;
  }
  throw new Error('expected the operation to fail');
}

describe('FaultInjectingFileSystem', () => {
  it('fails a sync with an injected EIO (Linux semantics: recorded as a fault, a later sync succeeds)', () => {
    const { stack, records } = stackWith([{ kind: 'eio-fsync', target: { pathPattern: 'wal', matchIndex: 0 } }]);
    const wal = stack.fileSystem.open('/db/wal', { create: true });
    wal.append(bytes(1, 2, 3));
    const error = caught(() => wal.sync('fdatasync'));
    expect(error.code).toBe('EIO');
    expect(error.injected).toBe(true);
    expect(error.message).toMatch(/^injected EIO: sync/);
    wal.sync('fdatasync');
    expect(records.map((record) => record.kind)).toEqual(['create', 'open', 'write', 'fault', 'sync']);
    expect(records[3]).toEqual({ kind: 'fault', fault: 'eio-fsync', operation: 'sync', path: 'wal' });
    expect(stack.layers.faults?.injectedCounts()).toMatchObject({ 'eio-fsync': 1 });
  });

  it('fails a directory sync when aimed at it', () => {
    const { stack, records } = stackWith([{ kind: 'eio-fsync', target: { operations: ['sync-directory'] } }]);
    expect(caught(() => stack.fileSystem.syncDirectory('/db')).code).toBe('EIO');
    expect(records).toEqual([{ kind: 'fault', fault: 'eio-fsync', operation: 'sync-directory', path: '.' }]);
  });

  it('fails a write with EIO or ENOSPC without writing anything', () => {
    for (const kind of ['eio-write', 'enospc'] as const) {
      const { stack, base, records } = stackWith([{ kind, target: { matchIndex: 1 } }]);
      const file = stack.fileSystem.open('/db/f', { create: true });
      file.write(bytes(1, 2), 0);
      const error = caught(() => file.append(bytes(3, 4)));
      expect(error.code).toBe(kind === 'enospc' ? 'ENOSPC' : 'EIO');
      expect(error.injected).toBe(true);
      expect(base.readFile('/db/f')).toEqual(bytes(1, 2));
      expect(records.map((record) => record.kind)).toEqual(['create', 'open', 'write', 'fault']);
      expect(stack.layers.faults?.injectedFaultCount).toBe(1);
    }
  });

  it('writes a prefix on a short write, records it, then fails', () => {
    const { stack, base, records } = stackWith([{ kind: 'short-write', keepFraction: 0.5, target: {} }]);
    const file = stack.fileSystem.open('/db/f', { create: true });
    const error = caught(() => file.write(bytes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 0));
    expect(error.code).toBe('ENOSPC');
    expect(error.message).toContain('short write: 5 of 10 bytes written');
    expect(base.readFile('/db/f')).toEqual(bytes(1, 2, 3, 4, 5));
    expect(records.slice(2)).toEqual([
      { kind: 'write', fileId: 1, offsetBytes: 0, data: bytes(1, 2, 3, 4, 5), syncMode: 'none' },
      { kind: 'fault', fault: 'short-write', operation: 'write', path: 'f' },
    ]);
  });

  it('fails an open with ENOSPC when aimed at opens', () => {
    const { stack, base } = stackWith([{ kind: 'enospc', target: { operations: ['open'], pathPattern: 'new-*' } }]);
    expect(caught(() => stack.fileSystem.open('/db/new-1', { create: true })).code).toBe('ENOSPC');
    expect(base.exists('/db/new-1')).toBe(false);
    stack.fileSystem.open('/db/other', { create: true });
    expect(base.exists('/db/other')).toBe(true);
  });

  it('leaves operations outside the root alone', () => {
    const { stack, base } = stackWith([{ kind: 'eio-write', target: {} }]);
    base.mkdirAll('/tmp');
    const file = stack.fileSystem.open('/tmp/x', { create: true });
    file.write(bytes(1), 0);
    expect(base.readFile('/tmp/x')).toEqual(bytes(1));
    expect(stack.layers.faults?.injectedFaultCount).toBe(0);
  });
});

describe('LatencyFileSystem', () => {
  it('delays matching operations by the decided latency', () => {
    const { stack } = stackWith([{ kind: 'latency', meanMs: 15, distribution: 'fixed', capMs: 100, target: { operations: ['sync'] } }]);
    const file = stack.fileSystem.open('/db/f', { create: true });
    file.write(bytes(1), 0);
    const startedAt = process.hrtime.bigint();
    file.sync('fsync');
    const elapsedMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
    // A lower bound only: the sync must not return before its injected latency.
    expect(elapsedMs).toBeGreaterThanOrEqual(14);
    expect(stack.layers.latency?.delayedOperationCount).toBe(1);
    expect(stack.layers.latency?.injectedDelayMs).toBe(15);
  });
});

describe('composeShimFileSystem', () => {
  it('stacks latency over faults over recording over the base, leaving out unused layers', () => {
    const both = stackWith([
      { kind: 'latency', meanMs: 0, distribution: 'fixed', capMs: 0, target: {} },
      { kind: 'eio-fsync', target: {} },
    ]);
    expect(both.stack.fileSystem).toBe(both.stack.layers.latency);
    expect(both.stack.fileSystem.unwrap()).toBe(both.stack.layers.faults);
    expect(both.stack.layers.faults?.unwrap()).toBe(both.stack.layers.recording);
    expect(both.stack.layers.recording.unwrap()).toBe(both.base);
    const plain = stackWith([]);
    expect(plain.stack.fileSystem).toBe(plain.stack.layers.recording);
    expect(plain.stack.layers.faults).toBeUndefined();
  });

  it('records output lines in the same stream, without a trailing newline', () => {
    const { stack, records } = stackWith([]);
    stack.fileSystem.mkdirAll('/db/wal');
    stack.recordOutput('{"id":1,"type":"ack"}\n');
    expect(records).toEqual([
      { kind: 'mkdir', path: 'wal' },
      { kind: 'output', line: '{"id":1,"type":"ack"}' },
    ]);
  });

  it('rejects an invalid fault before opening a trace', () => {
    expect(() => composeShimFileSystem(new MemFileSystem(), { root: '/db', seed: 1, tracePath: '/nonexistent/dir/trace', faults: [{ kind: 'enospc', target: { probability: -1 } }] })).toThrow(
      /SHIM_BAD_CONFIG|probability -1/,
    );
  });
});
