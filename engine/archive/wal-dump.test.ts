import { describe, expect, it } from 'vitest';
import { MemFileSystem } from '../fs/mem-file-system.js';
import { openEngine } from '../store/open-engine.js';
import { dumpWal } from './wal-dump.js';

describe('waldump', () => {
  it('prints each segment header and reads the records after it', async () => {
    const disk = new MemFileSystem();
    const engine = openEngine({ directory: '/db', fileSystem: disk, segmentSizeBytes: 4096 });
    for (let tx = 1; tx <= 20; tx += 1) await engine.commit(tx, [[`k${tx % 5}`, `v${tx}`.padEnd(300, 'x')]]);
    await engine.close();
    const lines: string[] = [];
    const summary = dumpWal(disk, '/db', undefined, (line) => void lines.push(line));
    expect(summary.records).toBeGreaterThanOrEqual(20);
    expect(summary.checksumFailures).toBe(0);
    expect(summary.staleRecords).toBe(0);
    expect(lines.filter((line) => line.startsWith('  header: store ')).length).toBe(summary.segments);
    expect(lines.some((line) => line.includes('invalid record header'))).toBe(false);
  });
});
