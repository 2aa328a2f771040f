/**
 * `unplug disk`: measures every sync method in a directory (the probes), looks
 * at what the platform says about it (the mount, preloaded libraries, the
 * device cache) and applies the decision table of `sync-verdict-rules.ts`.
 */
import { deviceWriteCacheMode } from './device-write-cache.js';
import { mountOfDirectory } from './mount-file-system-type.js';
import { preloadedLibraries } from './preloaded-libraries.js';
import { operationsPerSecond, PROBE_LIMITS, runSyncProbes } from './sync-probe.js';
import { decideSyncVerdict, type Evidence, type SyncVerdict } from './sync-verdict-rules.js';

/** One row of the disk table (the `methods` of the JSON document). */
export interface DiskMethodResult {
  readonly method: string;
  /** Synced writes per second (for `write-no-sync`, unsynced writes per second). */
  readonly syncsPerSecond: number;
  readonly latencyUs: { readonly p50: number; readonly p99: number };
  readonly operations: number;
}

/** The `disk` JSON document (docs/reports.md); `fileSystemType`, `writeSizeBytes` and `durationMs` are additions. */
export interface DiskReport {
  readonly tool: 'unplug';
  readonly command: 'disk';
  readonly dir: string;
  readonly fileSystemType: string | null;
  readonly writeSizeBytes: number;
  readonly methods: readonly DiskMethodResult[];
  readonly verdict: SyncVerdict;
  readonly evidence: readonly Evidence[];
  readonly durationMs: number;
}

/** Options of `runDiskCheck`. */
export interface DiskCheckOptions {
  readonly directory: string;
  /** The probes' total time budget. */
  readonly durationMs: number;
}

/** Runs the disk check in `directory`. */
export function runDiskCheck(options: DiskCheckOptions): DiskReport {
  const startedMs = performance.now();
  const measurements = runSyncProbes({ directory: options.directory, durationMs: options.durationMs });
  const mount = mountOfDirectory(options.directory);
  const methods = measurements.map((measurement) => {
    const percentiles = measurement.histogram.percentilesUs();
    return {
      method: measurement.method.name,
      syncsPerSecond: Math.round(operationsPerSecond(measurement)),
      latencyUs: { p50: percentiles.p50, p99: percentiles.p99 },
      operations: measurement.operations,
    };
  });
  const { verdict, evidence } = decideSyncVerdict({
    probes: measurements.map((measurement, index) => ({ method: measurement.method.name, sync: measurement.method.sync, placement: measurement.method.placement, latencyUsP50: methods[index]?.latencyUs.p50 ?? 0 })),
    mount,
    preloadedLibraries: preloadedLibraries(),
    writeCacheMode: mount === undefined ? undefined : deviceWriteCacheMode(mount.source),
  });
  return {
    tool: 'unplug',
    command: 'disk',
    dir: options.directory,
    fileSystemType: mount?.fileSystemType ?? null,
    writeSizeBytes: PROBE_LIMITS.writeSizeBytes,
    methods,
    verdict,
    evidence,
    durationMs: Math.round(performance.now() - startedMs),
  };
}
