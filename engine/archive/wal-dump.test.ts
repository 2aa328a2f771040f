import { describe, expect, it } from 'vitest';
import { MemFileSystem } from '../fs/mem-file-system.js';
import { openEngine } from '../store/open-engine.js';
import { formatLsn, parseLsn } from '../wal/lsn.js';
import { encodeHistory, historyFileName } from './timeline-history.js';
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

  it('starts --from-lsn inside a record at the next record, saying how many bytes it skipped, as pg_waldump does', async () => {
    const disk = new MemFileSystem();
    const engine = openEngine({ directory: '/db', fileSystem: disk, segmentSizeBytes: 4096 });
    const lsns: string[] = [];
    for (let tx = 1; tx <= 20; tx += 1) lsns.push((await engine.commit(tx, [[`k${tx % 5}`, `v${tx}`.padEnd(300, 'x')]])).lsn);
    await engine.close();
    const second = parseLsn(lsns[1] ?? '') ?? 0;
    const third = parseLsn(lsns[2] ?? '') ?? 0;
    const lines: string[] = [];
    const summary = dumpWal(disk, '/db', second + 40, (line) => void lines.push(line));
    expect(lines.some((line) => line.includes('invalid record header'))).toBe(false);
    expect(lines).toContain(`  first record is after ${formatLsn(second + 40)}, at ${formatLsn(third)}, skipping over ${third - second - 40} bytes`);
    expect(lines.find((line) => line.startsWith('  lsn '))).toMatch(new RegExp(`^  lsn ${formatLsn(third)} `));
    expect(summary.checksumFailures).toBe(0);
    // An LSN that is a record's start prints that record first, with no skip line.
    const exact: string[] = [];
    dumpWal(disk, '/db', third, (line) => void exact.push(line));
    expect(exact.find((line) => line.startsWith('  lsn '))).toMatch(new RegExp(`^  lsn ${formatLsn(third)} `));
    expect(exact.some((line) => line.includes('first record is after'))).toBe(false);
  });

  it('dumps an archive whose newest history file belongs to a restore that archived no segment yet: the newest timeline with segments', async () => {
    const disk = new MemFileSystem();
    const engine = openEngine({ directory: '/db', fileSystem: disk, segmentSizeBytes: 4096, archive: { destination: { kind: 'directory', directory: '/archive' } } });
    for (let tx = 1; tx <= 40; tx += 1) await engine.commit(tx, [[`k${tx % 5}`, `v${tx}`.padEnd(300, 'x')]]);
    await engine.close();
    // What a restore leaves in the archive before its store archives anything: the new timeline's history file alone.
    disk.mkdirAll('/archive');
    const handle = disk.open(`/archive/${historyFileName(2)}`, { create: true });
    handle.append(Buffer.from(encodeHistory([{ parentTimeline: 1, switchLsn: 0x2000, reason: 'restore to the end of the archive' }])));
    handle.close();
    const lines: string[] = [];
    const summary = dumpWal(disk, '/archive', undefined, (line) => void lines.push(line));
    expect(summary.segments).toBeGreaterThan(2);
    expect(summary.records).toBeGreaterThan(10);
    expect(lines[0]).toMatch(/^segment 00000001/);
  });
});

