/**
 * The decision table of `unplug disk`: is a sync in this directory honoured?
 * Each rule looks at one kind of evidence and yields one evidence line per
 * finding. The verdict is `appears-disabled` when any rule marked so fires,
 * `honoured` otherwise.
 *
 * | rule                      | fires when                                                        | indicates        |
 * |---------------------------|-------------------------------------------------------------------|------------------|
 * | volatile-file-system      | the directory is on tmpfs or ramfs (memory; sync is a no-op)      | appears-disabled |
 * | overlay-file-system       | the directory is on overlay (a container's throw-away layer)      | appears-disabled |
 * | eatmydata-preloaded       | a preloaded library's name contains "eatmydata"                   | appears-disabled |
 * | sync-function-interposed  | a preloaded library defines fsync, fdatasync or another sync call | appears-disabled |
 * | sync-as-fast-as-write     | a sync method's p50 is under 100 us AND at most 2x the p50 of an  | appears-disabled |
 * |                           | unsynced write of the same size and placement (overwrite or       |                  |
 * |                           | append), measured in the same run                                 |                  |
 * | sync-slower-than-write    | every sync method is slower than that (one line: the closest one) | honoured         |
 * | volatile-write-cache      | the device reports a write-back cache (only a real power cut,     | note             |
 * |                           | e.g. diskchecker.pl, proves it honours flushes)                   |                  |
 *
 * Why the timing rule needs both bounds: a device with power-loss protection
 * legitimately syncs in tens of microseconds, but still pays several times an
 * unsynced write; a sync that costs no more than the write itself did not
 * reach the device. Comparing with the write measured in the same run makes the
 * rule independent of how fast this machine is.
 */
import type { MountEntry } from './mount-file-system-type.js';
import type { PreloadedLibrary } from './preloaded-libraries.js';
import type { ProbePlacement, ProbeSync } from './sync-probe.js';

/** Thresholds of the timing rule (see the table above). */
export const SYNC_TIMING_THRESHOLDS = Object.freeze({
  /** A sync whose p50 is at most this many times an unsynced write's p50... */
  syncToWriteRatioMax: 2,
  /** ...and under this many microseconds did not reach a device. */
  syncLatencyUsMax: 100,
});

/** File-system types whose data lives only in memory. */
export const VOLATILE_FILE_SYSTEM_TYPES = Object.freeze(['tmpfs', 'ramfs']);

/** What the rules look at. */
export interface DiskObservations {
  /** The p50 latency of each probe, with how it syncs. */
  readonly probes: readonly { readonly method: string; readonly sync: ProbeSync; readonly placement: ProbePlacement; readonly latencyUsP50: number }[];
  readonly mount: MountEntry | undefined;
  readonly preloadedLibraries: readonly PreloadedLibrary[];
  /** The device's cache mode from sysfs (`write back` / `write through`), when known. */
  readonly writeCacheMode: string | undefined;
}

/** What a rule's finding says about the verdict. */
export type EvidenceIndication = 'appears-disabled' | 'honoured' | 'note';

/** One evidence line. */
export interface Evidence {
  readonly rule: string;
  readonly indicates: EvidenceIndication;
  readonly detail: string;
}

/** The disk check's verdict. */
export type SyncVerdict = 'honoured' | 'appears-disabled';

/** One row of the decision table. */
interface VerdictRule {
  readonly name: string;
  readonly indicates: EvidenceIndication;
  readonly findings: (observations: DiskObservations) => readonly string[];
}

/** One probe's observation. */
type ProbeObservation = DiskObservations['probes'][number];

/**
 * The p50 of the unsynced probe with the same placement as `probe` (an append
 * costs more than an overwrite even without a sync, as the file grows), or of
 * any unsynced probe when that placement has none.
 */
function unsyncedWriteUsP50(observations: DiskObservations, probe: ProbeObservation): number | undefined {
  const unsynced = observations.probes.filter((candidate) => candidate.sync === 'none');
  const samePlacement = unsynced.filter((candidate) => candidate.placement === probe.placement);
  const baselines = (samePlacement.length > 0 ? samePlacement : unsynced).map((candidate) => candidate.latencyUsP50);
  return baselines.length === 0 ? undefined : Math.min(...baselines);
}

/** Sync probes whose timing says the sync did not reach the device. */
function syncsAsFastAsWrite(observations: DiskObservations): readonly ProbeObservation[] {
  return observations.probes.filter((probe) => {
    const baselineUs = unsyncedWriteUsP50(observations, probe);
    return (
      probe.sync !== 'none' &&
      baselineUs !== undefined &&
      probe.latencyUsP50 < SYNC_TIMING_THRESHOLDS.syncLatencyUsMax &&
      probe.latencyUsP50 <= baselineUs * SYNC_TIMING_THRESHOLDS.syncToWriteRatioMax
    );
  });
}

/** The evidence line comparing a sync probe with its unsynced baseline. */
function compareWithWrite(observations: DiskObservations, probe: ProbeObservation): string {
  const baselineUs = unsyncedWriteUsP50(observations, probe) ?? 0;
  return `${probe.method} p50 ${probe.latencyUsP50} us is ${times(probe.latencyUsP50 / Math.max(baselineUs, 0.1))} an unsynced ${probe.placement} (p50 ${baselineUs} us)`;
}

/** Formats a ratio for evidence lines. */
function times(ratio: number): string {
  return `${ratio >= 10 ? ratio.toFixed(0) : ratio.toFixed(1)}x`;
}

/** The decision table, in evaluation order. */
export const VERDICT_RULES: readonly VerdictRule[] = Object.freeze([
  {
    name: 'volatile-file-system',
    indicates: 'appears-disabled',
    findings: ({ mount }) =>
      mount !== undefined && VOLATILE_FILE_SYSTEM_TYPES.includes(mount.fileSystemType)
        ? [`the directory is on ${mount.fileSystemType} (mounted at ${mount.mountPoint}): its data lives in memory and is lost at power-off, so a sync there is a no-op`]
        : [],
  },
  {
    name: 'overlay-file-system',
    indicates: 'appears-disabled',
    findings: ({ mount }) =>
      mount?.fileSystemType === 'overlay'
        ? [`the directory is on overlay (mounted at ${mount.mountPoint}), typically a container's writable layer that is discarded with the container; benchmark a bind-mounted volume instead`]
        : [],
  },
  {
    name: 'eatmydata-preloaded',
    indicates: 'appears-disabled',
    findings: ({ preloadedLibraries }) =>
      preloadedLibraries
        .filter((library) => /eatmydata/i.test(library.name))
        .map((library) => `${library.source} names ${library.name}, which turns fsync and fdatasync into no-ops`),
  },
  {
    name: 'sync-function-interposed',
    indicates: 'appears-disabled',
    findings: ({ preloadedLibraries }) =>
      preloadedLibraries
        .filter((library) => (library.interposedSyncFunctions ?? []).length > 0)
        .map((library) => `${library.source} library ${library.resolvedPath ?? library.name} defines ${(library.interposedSyncFunctions ?? []).join(', ')}: every sync of this process goes through it`),
  },
  {
    name: 'sync-as-fast-as-write',
    indicates: 'appears-disabled',
    findings: (observations) => syncsAsFastAsWrite(observations).map((probe) => `${compareWithWrite(observations, probe)}: the sync did not reach a device`),
  },
  {
    name: 'sync-slower-than-write',
    indicates: 'honoured',
    findings: (observations) => {
      const syncs = observations.probes.filter((probe) => probe.sync !== 'none' && unsyncedWriteUsP50(observations, probe) !== undefined);
      if (syncs.length === 0 || syncsAsFastAsWrite(observations).length > 0) return [];
      const closest = syncs.reduce((best, probe) =>
        probe.latencyUsP50 / (unsyncedWriteUsP50(observations, probe) ?? 1) < best.latencyUsP50 / (unsyncedWriteUsP50(observations, best) ?? 1) ? probe : best,
      );
      return [`every sync pays for a device; the closest to a plain write: ${compareWithWrite(observations, closest)}`];
    },
  },
  {
    name: 'volatile-write-cache',
    indicates: 'note',
    findings: ({ writeCacheMode }) =>
      writeCacheMode === 'write back'
        ? ['the device reports a write-back cache: syncs are durable only if it honours cache flushes, which only a real power cut (e.g. diskchecker.pl) can prove']
        : [],
  },
]);

/** Applies every rule; the verdict is `appears-disabled` when any such rule fired. */
export function decideSyncVerdict(observations: DiskObservations): { readonly verdict: SyncVerdict; readonly evidence: readonly Evidence[] } {
  const evidence = VERDICT_RULES.flatMap((rule) => rule.findings(observations).map((detail) => ({ rule: rule.name, indicates: rule.indicates, detail })));
  const verdict: SyncVerdict = evidence.some((line) => line.indicates === 'appears-disabled') ? 'appears-disabled' : 'honoured';
  return { verdict, evidence };
}
