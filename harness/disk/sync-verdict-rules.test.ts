import { describe, expect, it } from 'vitest';
import type { PreloadedLibrary } from './preloaded-libraries.js';
import { decideSyncVerdict, VERDICT_RULES, type DiskObservations } from './sync-verdict-rules.js';

/** Probe p50s shaped like this machine's ext4 disk: syncs ~60-130 us, writes ~5 us. */
const HONEST_PROBES: DiskObservations['probes'] = [
  { method: 'write-no-sync', sync: 'none', placement: 'overwrite', latencyUsP50: 5 },
  { method: 'write-no-sync-append', sync: 'none', placement: 'append', latencyUsP50: 6 },
  { method: 'fdatasync-overwrite', sync: 'fdatasync', placement: 'overwrite', latencyUsP50: 62 },
  { method: 'fdatasync-append', sync: 'fdatasync', placement: 'append', latencyUsP50: 120 },
  { method: 'open_datasync-overwrite', sync: 'open_datasync', placement: 'overwrite', latencyUsP50: 60 },
];

const HONEST: DiskObservations = {
  probes: HONEST_PROBES,
  mount: { mountPoint: '/', fileSystemType: 'ext4', source: '/dev/vda' },
  preloadedLibraries: [],
  writeCacheMode: 'write through',
};

const EATMYDATA: PreloadedLibrary = { source: 'LD_PRELOAD', name: 'libeatmydata.so', resolvedPath: undefined, interposedSyncFunctions: undefined };
const INTERPOSER: PreloadedLibrary = { source: 'ld.so.preload', name: '/opt/libfast.so', resolvedPath: '/opt/libfast.so', interposedSyncFunctions: ['fsync'] };
const HARMLESS: PreloadedLibrary = { source: 'LD_PRELOAD', name: '/opt/libjemalloc.so', resolvedPath: '/opt/libjemalloc.so', interposedSyncFunctions: [] };

/** The rules that fired on `observations`. */
function firedRules(observations: DiskObservations): readonly string[] {
  return decideSyncVerdict(observations).evidence.map((line) => line.rule);
}

describe('decideSyncVerdict', () => {
  it('calls an honest disk honoured, with the honoured evidence line', () => {
    const decision = decideSyncVerdict(HONEST);
    expect(decision.verdict).toBe('honoured');
    expect(decision.evidence).toEqual([expect.objectContaining({ rule: 'sync-slower-than-write', indicates: 'honoured' })]);
  });

  it.each(['tmpfs', 'ramfs', 'overlay'])('flags a directory on %s', (fileSystemType) => {
    const decision = decideSyncVerdict({ ...HONEST, mount: { mountPoint: '/x', fileSystemType, source: 'none' } });
    expect(decision.verdict).toBe('appears-disabled');
    expect(decision.evidence[0]?.detail).toContain(fileSystemType);
  });

  it('flags eatmydata by name even when the library file cannot be read', () => {
    expect(decideSyncVerdict({ ...HONEST, preloadedLibraries: [EATMYDATA] }).verdict).toBe('appears-disabled');
    expect(firedRules({ ...HONEST, preloadedLibraries: [EATMYDATA] })).toContain('eatmydata-preloaded');
  });

  it('flags any preloaded library that defines a sync function, and not one that does not', () => {
    expect(firedRules({ ...HONEST, preloadedLibraries: [INTERPOSER] })).toContain('sync-function-interposed');
    expect(decideSyncVerdict({ ...HONEST, preloadedLibraries: [HARMLESS] }).verdict).toBe('honoured');
  });

  it('flags a sync no slower than an unsynced write of the same placement', () => {
    const probes = HONEST_PROBES.map((probe) => (probe.method === 'fdatasync-append' ? { ...probe, latencyUsP50: 7 } : probe));
    const decision = decideSyncVerdict({ ...HONEST, probes });
    expect(decision.verdict).toBe('appears-disabled');
    const timing = decision.evidence.filter((line) => line.rule === 'sync-as-fast-as-write');
    expect(timing).toHaveLength(1);
    expect(timing[0]?.detail).toContain('fdatasync-append p50 7 us is 1.2x an unsynced append (p50 6 us)');
    expect(firedRules({ ...HONEST, probes })).not.toContain('sync-slower-than-write');
  });

  it('does not flag a fast device that still pays several times a write (power-loss-protected NVMe)', () => {
    const probes = HONEST_PROBES.map((probe) => (probe.sync === 'none' ? probe : { ...probe, latencyUsP50: 25 }));
    expect(decideSyncVerdict({ ...HONEST, probes }).verdict).toBe('honoured');
  });

  it('does not flag a slow sync even when unsynced writes are slow too (above the absolute bound)', () => {
    const probes = HONEST_PROBES.map((probe) => ({ ...probe, latencyUsP50: probe.sync === 'none' ? 400 : 500 }));
    expect(decideSyncVerdict({ ...HONEST, probes }).verdict).toBe('honoured');
  });

  it('adds a note, not a verdict, for a write-back device cache', () => {
    const decision = decideSyncVerdict({ ...HONEST, writeCacheMode: 'write back' });
    expect(decision.verdict).toBe('honoured');
    expect(decision.evidence.map((line) => [line.rule, line.indicates])).toContainEqual(['volatile-write-cache', 'note']);
  });

  it('has one evidence line per finding, each naming a rule of the table, and any disabling line decides', () => {
    const names = VERDICT_RULES.map((rule) => rule.name);
    const decision = decideSyncVerdict({ ...HONEST, mount: { mountPoint: '/dev/shm', fileSystemType: 'tmpfs', source: 'tmpfs' }, preloadedLibraries: [EATMYDATA, INTERPOSER] });
    expect(decision.evidence.map((line) => line.rule)).toEqual(['volatile-file-system', 'eatmydata-preloaded', 'sync-function-interposed', 'sync-slower-than-write']);
    expect(decision.verdict).toBe('appears-disabled');
    for (const line of decision.evidence) expect(names).toContain(line.rule);
  });
});
