/**
 * The `bench` JSON document, written by `unplug bench` (harness/bench/) and
 * read by the renderers here. docs/reports.md fixes `tool`, `command`, `raw`,
 * `results[].{syncMethod, clients, commitsPerSecond, latencyUs.{p50,p99,p999},
 * commitsPerSync}` and `ratios.{singleClientVsRaw, groupScaling64}`; every
 * other field is an addition. Plain data with no imports, so that a renderer
 * needs nothing but this file (the harness's own types are checked against
 * these where it builds the document).
 */

/** The engine's sync methods (engine/engine-types.ts `SYNC_METHODS`). */
export type BenchSyncMethod = 'fdatasync' | 'fsync' | 'open_datasync' | 'open_sync' | 'off';

/** How the engine was driven: in the bench's process, or as `unplug engine` in a child. */
export type BenchDriverName = 'in-process' | 'child-process';

/** p50, p99 and p999 latencies in microseconds. */
export interface LatencyPercentilesUs {
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
}

/** One point of a latency CDF: [percentile 0-100, latency in microseconds]. */
export type LatencyCdfPoint = readonly [percentile: number, latencyUs: number];

/** One raw loop's figures. */
export interface RawFigure {
  readonly placement: 'append' | 'overwrite';
  readonly recordsPerSync: number;
  readonly syncsPerSecond: number;
  readonly recordsPerSecond: number;
  readonly latencyUs: LatencyPercentilesUs;
  /** Syncs per second of the slowest, median and fastest slice: the run-to-run spread. */
  readonly sliceSyncsPerSecond: { readonly min: number; readonly median: number; readonly max: number };
  readonly slices: number;
}

/** The disk's raw sync ceiling, measured interleaved with the engine runs. */
export interface RawCeiling {
  readonly recordSizeBytes: number;
  /** One record appended per fdatasync: what `singleClientVsRaw` divides by. */
  readonly appendFdatasync: RawFigure;
  /** One record per fdatasync over preallocated space (the engine's recycled-segment case). */
  readonly overwriteFdatasync: RawFigure;
  /** B records per append + fdatasync: the group-commit ceiling. */
  readonly groupCommit: readonly RawFigure[];
}

/** One engine measurement. */
export interface BenchResult {
  readonly syncMethod: BenchSyncMethod;
  readonly clients: number;
  readonly recordSizeBytes: number;
  readonly driver: BenchDriverName;
  /** False for `off`, the misconfiguration: its acknowledgements promise nothing. */
  readonly durable: boolean;
  readonly commitsPerSecond: number;
  readonly latencyUs: LatencyPercentilesUs;
  /**
   * Commits acknowledged per sync (for open_datasync/open_sync, per group flush:
   * one synchronous write); null when the driver cannot count syncs (child
   * process) or the method has none (`off`).
   */
  readonly commitsPerSync: number | null;
  readonly commits: number;
  /** CPU time (user + system) of the bench process per commit, including the driver; null for a child-process engine. */
  readonly cpuUsPerCommit: number | null;
  readonly latencyCdfUs: readonly LatencyCdfPoint[];
}

/** One slow-disk measurement: fdatasync with a fixed injected delay per sync. */
export interface SlowDiskResult {
  readonly injectedSyncLatencyMs: number;
  readonly clients: number;
  readonly commitsPerSecond: number;
  readonly latencyUs: LatencyPercentilesUs;
  readonly commitsPerSync: number | null;
}

/** One peer-engine measurement (the reference engine is listed beside them). */
export interface PeerResult {
  readonly engine: string;
  /** How it was configured to be durable, e.g. `WAL, synchronous=FULL`. */
  readonly setting: string;
  readonly clients: number;
  readonly recordSizeBytes: number;
  readonly commitsPerSecond: number;
  readonly latencyUs: LatencyPercentilesUs;
}

/** One replication measurement (`--replica`): `unplug engine` as a child process, without a replica or serving one. */
export interface ReplicationBenchResult {
  readonly replication: 'none' | 'asynchronous' | 'synchronous';
  readonly clients: number;
  readonly recordSizeBytes: number;
  readonly commitsPerSecond: number;
  readonly latencyUs: LatencyPercentilesUs;
}

/** The archiver's backlog at the end of one measured piece (engine/archive/archive-settings.ts `ArchiveStatus`). */
export interface ArchiveLagFigure {
  /** Completed segments not yet durably archived. */
  readonly segmentsWaiting: number;
  /** WAL bytes written but not archived. */
  readonly lagBytes: number;
  /** Seconds since the oldest waiting segment was completed. */
  readonly lagSeconds: number;
}

/**
 * One archiving measurement (`--archive`): the reference engine in-process with
 * small segments, without archiving or archiving every completed segment to a
 * directory on the same disk, measured in paired rounds.
 */
export interface ArchiveBenchResult {
  readonly archiving: 'off' | 'directory';
  readonly clients: number;
  readonly recordSizeBytes: number;
  readonly segmentSizeBytes: number;
  /** The median over rounds. */
  readonly commitsPerSecond: number;
  /** The slowest and fastest round: the spread. */
  readonly commitsPerSecondSpread: { readonly min: number; readonly max: number };
  /** Medians over rounds. */
  readonly latencyUs: LatencyPercentilesUs;
  /** The median over rounds of this row's commits/s divided by the same round's figure without archiving at the same client count. */
  readonly ratioToOff: number | null;
  /** Per round: segments the archiver copied during this row's piece (empty without archiving). */
  readonly segmentsArchivedPerRound: readonly number[];
  /** Per round: the archiver's backlog when this row's piece ended (empty without archiving). */
  readonly lagAtRoundEnd: readonly ArchiveLagFigure[];
}

/** One paired round of the headline ratios: its runs were neighbours in time. */
export interface HeadlineRound {
  readonly rawAppendSyncsPerSecond: number;
  readonly rawOverwriteSyncsPerSecond: number;
  /** Records per second of the raw 64-records-per-append+fdatasync loop: the group-commit ceiling at 64 clients. */
  readonly rawGroup64RecordsPerSecond: number;
  readonly singleClientCommitsPerSecond: number;
  readonly clients64CommitsPerSecond: number;
  /** CPU time (user + system) of the bench process per commit; null unless the engine ran in it. */
  readonly singleClientCpuUsPerCommit: number | null;
  readonly clients64CpuUsPerCommit: number | null;
  /** p50 round trip of one client through `unplug engine --sync-method off`, and through a bare Node echo child. */
  readonly hostRoundTripUs: number;
  readonly echoRoundTripUs: number;
}

/**
 * Headline ratios; null when the run did not measure what a ratio needs. With
 * headline rounds (any run that includes fdatasync) the first four are medians
 * of the rounds' ratios; otherwise they divide matrix cells.
 */
export interface BenchRatios {
  /** Engine (fdatasync, 1 client, small records) / raw append+fdatasync. */
  readonly singleClientVsRaw: number | null;
  /** The same against the raw overwrite loop (the engine overwrites preallocated segments). */
  readonly singleClientVsRawOverwrite: number | null;
  /** Engine (fdatasync, 64 clients) / engine (fdatasync, 1 client), small records. */
  readonly groupScaling64: number | null;
  /** Commits per sync at 64 clients (fdatasync, small records). */
  readonly commitsPerSync64: number | null;
  /** Engine (fdatasync, 64 clients) / the raw group-commit ceiling at 64 records per sync. */
  readonly group64VsCeiling: number | null;
  /** The protocol host's round trip (sync off) / a bare Node echo child's round trip; lower is better. */
  readonly hostRoundTripVsEcho: number | null;
  /** `singleClientVsRaw` and `groupScaling64` through the child-process driver. */
  readonly childSingleClientVsRaw: number | null;
  readonly childGroupScaling64: number | null;
  /** Where the ratios of engine cells came from (the round-trip ratio exists only with paired rounds). */
  readonly source: 'paired-rounds' | 'matrix-cells';
}

/** The whole document. */
export interface BenchReport {
  readonly tool: 'unplug';
  readonly command: 'bench';
  readonly seed: number;
  readonly dir: string;
  readonly fileSystemType: string | null;
  readonly timeBudgetMs: number;
  readonly durationMs: number;
  readonly raw: RawCeiling;
  readonly results: readonly BenchResult[];
  readonly ratios: BenchRatios;
  /** The paired rounds the headline ratios are the medians of, and how the engine was driven in them. */
  readonly headlineRounds: readonly HeadlineRound[];
  readonly headlineDriver: BenchDriverName | null;
  /**
   * CPU microseconds (user + system of the bench process) per commit at 1 and
   * 64 clients, fdatasync, small records: medians of the paired rounds; null
   * when the engine was not in the bench's process. It includes the closed-loop
   * driver's own work.
   */
  readonly cpuUsPerCommit: { readonly clients1: number | null; readonly clients64: number | null };
  /** Medians of the rounds' p50 round trips (microseconds); null without paired rounds. */
  readonly roundTripUs: { readonly host: number | null; readonly echo: number | null };
  readonly slowDisk: readonly SlowDiskResult[];
  readonly peers: readonly PeerResult[];
  /** Why a requested peer was not run (not installed, failed to open). */
  readonly peersSkipped: readonly string[];
  /** `--replica`: commits per second without a replica, with an asynchronous and with a synchronous one (empty otherwise). */
  readonly replication?: readonly ReplicationBenchResult[];
  /** The paired rounds the replication figures are medians of (0 without `--replica`). */
  readonly replicationRounds?: number;
  /** `--archive`: commits per second without and with WAL archiving to a directory (empty otherwise). */
  readonly archive?: readonly ArchiveBenchResult[];
  /** The paired rounds the archiving figures are medians of (0 without `--archive`). */
  readonly archiveRounds?: number;
}
