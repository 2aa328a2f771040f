/**
 * What one `unplug bench` run measures, as a list of cells, and how the time
 * budget is split between them and the interleaved raw loops. The plan is
 * plain data so that it can be printed, counted for the progress bar and
 * tested without touching a disk.
 */
import type { SyncMethod } from '../../engine/engine-types.js';
import { assert, assertNever } from '../../engine/invariants.js';
import type { BenchDriver } from './commit-target.js';

/** Which drivers a run uses: `both` is the full matrix in-process plus the child process at 1 and 64 clients. */
export type DriverChoice = BenchDriver | 'both';

/** The peers `--peers` can run. */
export const PEER_ENGINES = Object.freeze(['sqlite', 'leveldb'] as const);
/** One of `PEER_ENGINES`. */
export type PeerEngine = (typeof PEER_ENGINES)[number];

/** Options of a bench run (the command line, parsed). */
export interface BenchOptions {
  /** The directory on the disk under test; the run works in a private subdirectory. */
  readonly directory: string;
  /** The measuring budget; engine start-up (segment preallocation) comes on top. */
  readonly timeBudgetMs: number;
  readonly seed: number;
  readonly syncMethods: readonly SyncMethod[];
  readonly clientCounts: readonly number[];
  readonly recordSizesBytes: readonly number[];
  readonly driver: DriverChoice;
  /** Injected sync latencies of the slow-disk variant; none runs when empty. */
  readonly injectedLatenciesMs: readonly number[];
  readonly peers: boolean;
  /** `--replica`: the child-process engine at 1 and 64 clients without a replica, with an asynchronous and with a synchronous one. */
  readonly replication?: boolean;
  /** `--archive`: the in-process engine at 1 and 64 clients with small segments, without and with WAL archiving to a directory. */
  readonly archive?: boolean;
  /** WAL segment size of the archive cells (`--segment-size`). @defaultValue `ARCHIVE_SEGMENT_SIZE_BYTES_DEFAULT` */
  readonly archiveSegmentSizeBytes?: number;
}

/** The replication variants `--replica` measures, in this order. */
export const REPLICATION_BENCH_MODES = Object.freeze(['none', 'asynchronous', 'synchronous'] as const);
/** One of `REPLICATION_BENCH_MODES`. */
export type ReplicationBenchMode = (typeof REPLICATION_BENCH_MODES)[number];
/** Client counts of the replication cells. */
export const REPLICATION_CLIENTS = Object.freeze([1, 64]);

/** The archiving variants `--archive` measures, in this order. */
export const ARCHIVE_BENCH_MODES = Object.freeze(['off', 'directory'] as const);
/** One of `ARCHIVE_BENCH_MODES`. */
export type ArchiveBenchMode = (typeof ARCHIVE_BENCH_MODES)[number];
/** Client counts of the archive cells. */
export const ARCHIVE_CLIENTS = Object.freeze([1, 64]);
/**
 * Segment size of the archive cells unless `--segment-size` says otherwise:
 * small, so that segments complete (and are archived) many times per round;
 * with the engine's 16 MiB default a short round would rarely archive at all.
 */
export const ARCHIVE_SEGMENT_SIZE_BYTES_DEFAULT = 1024 * 1024;
/** Value bytes per commit of the archive cells: 1 KiB, so that even one client fills a 1 MiB segment in well under a second. */
export const ARCHIVE_RECORD_BYTES = 1024;

/** The size of the raw loops' records and of the ratio's engine cell: the small record. */
export const SMALL_RECORD_BYTES = 100;
/** Client counts of the slow-disk variant. */
export const SLOW_DISK_CLIENTS = Object.freeze([1, 8, 64]);
/** Client counts of the peers and of the child-process cells of a `both` run. */
export const PEER_CLIENTS = Object.freeze([1, 64]);
/** Records per sync of the raw group-commit loops. */
export const RAW_GROUP_SIZES = Object.freeze([8, 64, 256]);
/** Share of the budget given to the raw loops. */
export const RAW_BUDGET_SHARE = 0.2;
/** Share of the budget given to the paired headline rounds (see headline-rounds.ts), when they run. */
export const HEADLINE_BUDGET_SHARE = 0.25;
/**
 * Paired rounds of the headline ratios (the ratio reported is the median of
 * the rounds' ratios): as many as give each piece about `HEADLINE_PIECE_MS`,
 * within these bounds. Short pieces pair better: this disk's sync latency
 * changes mode within a fraction of a second.
 */
export const HEADLINE_ROUNDS = Object.freeze({ minimum: 5, maximum: 60 });
/** The target length of one piece of a headline round. */
export const HEADLINE_PIECE_MS = 100;
/**
 * Pieces of one headline round: raw append, raw overwrite, raw 64 records per
 * sync, engine at 1 client, engine at 64 clients, host round trip, echo round trip.
 */
export const HEADLINE_PIECES_PER_ROUND = 7;
/** The client count of the group-commit headline ratio (and the raw loop it divides by, 64 records per sync). */
export const HEADLINE_GROUP_CLIENTS = 64;

/** One measurement of the run. */
export type BenchCell =
  | { readonly kind: 'engine'; readonly driver: BenchDriver; readonly syncMethod: SyncMethod; readonly clients: number; readonly recordSizeBytes: number }
  | { readonly kind: 'slow-disk'; readonly injectedSyncLatencyMs: number; readonly clients: number }
  | { readonly kind: 'peer'; readonly peer: PeerEngine; readonly clients: number }
  /** `unplug engine` as a child process, alone or serving a replica (engine/replication/). */
  | { readonly kind: 'replication'; readonly mode: ReplicationBenchMode; readonly clients: number }
  /** The in-process engine with small segments, archiving off or to a directory (engine/archive/). */
  | { readonly kind: 'archive'; readonly mode: ArchiveBenchMode; readonly clients: number };

/** The cells of a run, grouped so that cells sharing an engine instance are adjacent. */
export function planBenchCells(options: BenchOptions): readonly BenchCell[] {
  const cells: BenchCell[] = [];
  const matrix = (driver: BenchDriver): void => {
    for (const syncMethod of options.syncMethods) {
      for (const recordSizeBytes of options.recordSizesBytes) {
        for (const clients of options.clientCounts) cells.push({ kind: 'engine', driver, syncMethod, clients, recordSizeBytes });
      }
    }
  };
  if (options.driver === 'child-process') matrix('child-process');
  else matrix('in-process');
  if (options.driver === 'both') {
    for (const clients of options.clientCounts.filter((count) => PEER_CLIENTS.includes(count))) {
      cells.push({ kind: 'engine', driver: 'child-process', syncMethod: 'fdatasync', clients, recordSizeBytes: SMALL_RECORD_BYTES });
    }
  }
  for (const injectedSyncLatencyMs of options.injectedLatenciesMs) {
    for (const clients of SLOW_DISK_CLIENTS) cells.push({ kind: 'slow-disk', injectedSyncLatencyMs, clients });
  }
  if (options.peers) {
    for (const peer of PEER_ENGINES) for (const clients of PEER_CLIENTS) cells.push({ kind: 'peer', peer, clients });
  }
  if (options.replication === true) {
    for (const mode of REPLICATION_BENCH_MODES) for (const clients of REPLICATION_CLIENTS) cells.push({ kind: 'replication', mode, clients });
  }
  if (options.archive === true) {
    for (const mode of ARCHIVE_BENCH_MODES) for (const clients of ARCHIVE_CLIENTS) cells.push({ kind: 'archive', mode, clients });
  }
  return cells;
}

/** The key of the engine instance a cell runs on: cells with equal keys share one. */
export function engineGroupKey(cell: BenchCell): string {
  switch (cell.kind) {
    case 'engine':
      return `engine:${cell.driver}:${cell.syncMethod}`;
    case 'slow-disk':
      return `slow-disk:${cell.injectedSyncLatencyMs}`;
    case 'peer':
      return `peer:${cell.peer}`;
    case 'replication':
      return `replication:${cell.mode}`;
    case 'archive':
      return `archive:${cell.mode}`;
    default:
      return assertNever(cell, 'bench cell');
  }
}

/** How long each cell measures, each raw slice runs, and each piece of a headline round takes. */
export interface BenchTiming {
  readonly cellMs: number;
  readonly rawSliceMs: number;
  /** 0 when the run has no headline rounds. */
  readonly headlinePieceMs: number;
  readonly headlineRounds: number;
}

/** True when the run measures the headline ratios (they are defined on fdatasync). */
export function runsHeadlineRounds(options: BenchOptions): boolean {
  return options.syncMethods.includes('fdatasync');
}

/**
 * Splits the budget: `RAW_BUDGET_SHARE` to the raw loops (one slice of each
 * before every cell), `HEADLINE_BUDGET_SHARE` to the headline rounds when they
 * run, the rest to the cells.
 */
export function planBenchTiming(timeBudgetMs: number, cellCount: number, rawLoopCount: number, headline: boolean): BenchTiming {
  assert(timeBudgetMs > 0 && cellCount > 0 && rawLoopCount > 0, 'empty bench plan');
  const headlineShare = headline ? HEADLINE_BUDGET_SHARE : 0;
  const headlineMs = headlineShare * timeBudgetMs;
  const headlineRounds = headline
    ? Math.max(HEADLINE_ROUNDS.minimum, Math.min(HEADLINE_ROUNDS.maximum, Math.floor(headlineMs / (HEADLINE_PIECES_PER_ROUND * HEADLINE_PIECE_MS))))
    : 0;
  return {
    cellMs: ((1 - RAW_BUDGET_SHARE - headlineShare) * timeBudgetMs) / cellCount,
    rawSliceMs: (RAW_BUDGET_SHARE * timeBudgetMs) / (cellCount * rawLoopCount),
    headlinePieceMs: headline ? headlineMs / (headlineRounds * HEADLINE_PIECES_PER_ROUND) : 0,
    headlineRounds,
  };
}
