import { describe, expect, it } from 'vitest';
import { createMemoryTraceSink } from './trace-sink.js';
import { isAllZero } from '../crash-state/paged-bytes.js';
import { MemFileSystem } from '../../engine/fs/mem-file-system.js';
import { isSharedZeros, sharedZeros, SHARED_ZEROS_BYTES_MAX } from '../../engine/fs/shared-zeros.js';

describe('shared zeros', () => {
  it('hands out views of one zero buffer, recognised by identity only', () => {
    const view = sharedZeros(4096);
    expect(view.byteLength).toBe(4096);
    expect(view.every((byte) => byte === 0)).toBe(true);
    expect(isSharedZeros(view)).toBe(true);
    expect(isSharedZeros(sharedZeros(SHARED_ZEROS_BYTES_MAX).subarray(100))).toBe(true);
    // Other zeros are just zeros: they are looked at, not trusted.
    expect(isSharedZeros(new Uint8Array(4096))).toBe(false);
    expect(() => sharedZeros(SHARED_ZEROS_BYTES_MAX + 1)).toThrow(RangeError);
    expect(() => sharedZeros(-1)).toThrow(/-1 bytes/);
  });

  it('costs the in-memory file system a size change, and reads back as zeros', () => {
    const fileSystem = new MemFileSystem();
    fileSystem.mkdirAll('/d');
    const handle = fileSystem.open('/d/segment', { create: true });
    for (let offsetBytes = 0; offsetBytes < 4 * SHARED_ZEROS_BYTES_MAX; offsetBytes += SHARED_ZEROS_BYTES_MAX) handle.write(sharedZeros(SHARED_ZEROS_BYTES_MAX), offsetBytes);
    handle.write(new Uint8Array([7, 7]), 10);
    handle.close();
    const prefix = fileSystem.readStoredPrefix('/d/segment');
    expect(prefix.sizeBytes).toBe(4 * SHARED_ZEROS_BYTES_MAX);
    // Only what was written is stored (rounded to the file system's page), not 4 MiB of zeros.
    expect(prefix.storedBytes.byteLength).toBeLessThanOrEqual(4096);
    expect([...prefix.storedBytes.subarray(8, 14)]).toEqual([0, 0, 7, 7, 0, 0].slice(0, Math.min(6, prefix.storedBytes.byteLength - 8)));
  });

  it('is kept by the memory trace sink as a view, while other data is copied', () => {
    const sink = createMemoryTraceSink();
    const zeros = sharedZeros(1024);
    const data = new Uint8Array([1, 2, 3]);
    sink.append({ kind: 'write', fileId: 1, offsetBytes: 0, data: zeros, syncMode: 'none' });
    sink.append({ kind: 'write', fileId: 1, offsetBytes: 0, data, syncMode: 'none' });
    data[0] = 9;
    const [first, second] = sink.records;
    expect(first?.kind === 'write' && first.data).toBe(zeros);
    expect(second?.kind === 'write' && [...second.data]).toEqual([1, 2, 3]);
    expect(isAllZero(zeros)).toBe(true);
    expect(isAllZero(new Uint8Array([0, 1]))).toBe(false);
  });
});
