/**
 * `unplug bench`: runs the plan's cells one after another, each preceded by
 * one slice of every raw loop (so the raw ceiling is sampled across the whole
 * run, interleaved with the engine), and assembles the report.
 *
 * The default driver is the reference engine IN-PROCESS, because that measures
 * the engine and its group commit, and counts syncs exactly (commits per sync);
 * the default run also measures the engine as users run it, `unplug engine` in
 * a child process over protocol v1, at 1 and 64 clients, so the protocol's cost
 * is visible beside it (`--driver child-process` runs the whole matrix that way).
 */
import fs from 'node:fs';
import path from 'node:path';
import { SYNC_METHODS } from '../../engine/engine-types.js';
import { assert, assertNever } from '../../engine/invariants.js';
import { InfrastructureError } from '../cli/exit-codes.js';
import { mountOfDirectory } from '../disk/mount-file-system-type.js';
import { benchRatios, commitsPerSecond, commitsPerSync, cpuUsPerCommit, medianRoundFigure, rawFigure, rounded } from './bench-figures.js';
import { ARCHIVE_SEGMENT_SIZE_BYTES_DEFAULT, engineGroupKey, HEADLINE_GROUP_CLIENTS, planBenchCells, planBenchTiming, RAW_GROUP_SIZES, runsHeadlineRounds, SMALL_RECORD_BYTES, type BenchCell, type BenchOptions } from './bench-plan.js';
import type { ArchiveBenchResult, BenchReport, BenchResult, HeadlineRound, PeerResult, ReplicationBenchResult, SlowDiskResult } from '../../reports/bench/bench-report.js';
import { openChildProcessTarget, openEchoTarget } from './child-process-commit-target.js';
import { runClosedLoop } from './closed-loop-driver.js';
import { runHeadlineRounds } from './headline-rounds.js';
import type { BenchTiming } from './bench-plan.js';
import type { BenchDriver, CommitTarget } from './commit-target.js';
import { openInProcessTarget } from './in-process-commit-target.js';
import { openPeerTarget, PEER_SETTINGS } from './peer-targets.js';
import { measureArchiveRounds } from './archive-rounds.js';
import { measureReplicationRounds } from './replication-rounds.js';
import { createRawLoop, runRawSlice, type RawLoop } from './raw-sync-ceiling.js';

/** The share of a cell's time that is measured; the closed-loop driver's warm-up takes the rest. */
const MEASURED_SHARE_OF_CELL = 0.85;

/** Called after each cell, for a progress bar. */
export type BenchProgress = (completedCells: number, totalCells: number, label: string) => void;

/** Opens the engine a cell runs on, in its own fresh data directory. */
async function openTarget(cell: BenchCell, directory: string, seed: number): Promise<CommitTarget> {
  fs.mkdirSync(directory, { recursive: true });
  switch (cell.kind) {
    case 'engine':
      return cell.driver === 'in-process'
        ? openInProcessTarget({ directory, syncMethod: cell.syncMethod, seed })
        : openChildProcessTarget({ directory, syncMethod: cell.syncMethod, seed });
    case 'slow-disk':
      return openInProcessTarget({ directory, syncMethod: 'fdatasync', injectedSyncLatencyMs: cell.injectedSyncLatencyMs, seed });
    case 'peer':
      return openPeerTarget(cell.peer, directory);
    case 'replication':
    case 'archive':
      // Never opened one cell at a time: the variants run together in paired rounds (replication-rounds.ts, archive-rounds.ts).
      throw new Error(`${cell.kind} cells are measured in paired rounds, never opened alone`);
    default:
      return assertNever(cell, 'bench cell');
  }
}

/** A short label of a cell for progress and errors. */
export function cellLabel(cell: BenchCell): string {
  switch (cell.kind) {
    case 'engine':
      return `${cell.syncMethod} ${cell.clients} client(s) ${cell.recordSizeBytes} B (${cell.driver})`;
    case 'slow-disk':
      return `fdatasync +${cell.injectedSyncLatencyMs} ms ${cell.clients} client(s)`;
    case 'peer':
      return `${cell.peer} ${cell.clients} client(s)`;
    case 'replication':
      return `replica ${cell.mode} ${cell.clients} client(s)`;
    case 'archive':
      return `archiving ${cell.mode} ${cell.clients} client(s)`;
    default:
      return assertNever(cell, 'bench cell');
  }
}

/** Runs a bench and returns its report. */
export async function runBench(options: BenchOptions, onProgress?: BenchProgress): Promise<BenchReport> {
  const startedMs = performance.now();
  const workDirectory = fs.mkdtempSync(path.join(options.directory, 'unplug-bench-'));
  const results: BenchResult[] = [];
  const slowDisk: SlowDiskResult[] = [];
  const peers: PeerResult[] = [];
  const peersSkipped: string[] = [];
  const replication: ReplicationBenchResult[] = [];
  const archive: ArchiveBenchResult[] = [];
  let current: { readonly key: string; readonly target: CommitTarget | undefined } | undefined;
  try {
    const rawDirectory = path.join(workDirectory, 'raw');
    fs.mkdirSync(rawDirectory);
    const rawAppend = createRawLoop(rawDirectory, { placement: 'append', recordsPerSync: 1 }, SMALL_RECORD_BYTES);
    const rawOverwrite = createRawLoop(rawDirectory, { placement: 'overwrite', recordsPerSync: 1 }, SMALL_RECORD_BYTES);
    const rawGroups = RAW_GROUP_SIZES.map((recordsPerSync) => createRawLoop(rawDirectory, { placement: 'append', recordsPerSync }, SMALL_RECORD_BYTES));
    const rawGroup64 = rawGroups[RAW_GROUP_SIZES.indexOf(HEADLINE_GROUP_CLIENTS)];
    assert(rawGroup64 !== undefined, 'the raw loops include the 64-records-per-sync ceiling');
    const rawLoops: readonly RawLoop[] = [rawAppend, rawOverwrite, ...rawGroups];
    const cells = planBenchCells(options);
    const headline = runsHeadlineRounds(options);
    const timing = planBenchTiming(options.timeBudgetMs, cells.length, rawLoops.length, headline);
    let nextTx = 1;
    let headlineRounds: readonly HeadlineRound[] = [];
    const headlineDriver = options.driver === 'child-process' ? 'child-process' : 'in-process';
    if (headline) {
      const measured = await measureHeadline(workDirectory, options, headlineDriver, { rawAppend, rawOverwrite, rawGroup64 }, timing, nextTx, peersSkipped);
      headlineRounds = measured.rounds;
      nextTx = measured.nextTx;
    }
    for (const [index, cell] of cells.entries()) {
      // The replication and archiving variants run together in paired rounds after the matrix.
      if (cell.kind === 'replication' || cell.kind === 'archive') continue;
      const key = engineGroupKey(cell);
      if (current?.key !== key) {
        await current?.target?.close();
        current = { key, target: await openGroupTarget(cell, path.join(workDirectory, `engine-${index}`), options.seed, peersSkipped) };
      }
      for (const loop of rawLoops) runRawSlice(loop, timing.rawSliceMs);
      const target = current.target;
      if (target !== undefined) {
        const recordSizeBytes = cell.kind === 'engine' ? cell.recordSizeBytes : SMALL_RECORD_BYTES;
        const measured = await runClosedLoop(target, { clients: cell.clients, recordSizeBytes, durationMs: timing.cellMs * MEASURED_SHARE_OF_CELL, firstTx: nextTx });
        nextTx = measured.nextTx;
        const figures = { commitsPerSecond: rounded(commitsPerSecond(measured)), latencyUs: measured.histogram.percentilesUs(), commitsPerSync: commitsPerSync(measured) };
        if (cell.kind === 'engine') {
          const { kind: _kind, ...shape } = cell;
          const cpu = cpuUsPerCommit(measured, cell.driver === 'in-process');
          results.push({ ...shape, durable: cell.syncMethod !== 'off', ...figures, commits: measured.commits, cpuUsPerCommit: cpu, latencyCdfUs: measured.histogram.cdfUs() });
        } else if (cell.kind === 'slow-disk') {
          slowDisk.push({ injectedSyncLatencyMs: cell.injectedSyncLatencyMs, clients: cell.clients, ...figures });
        } else {
          peers.push({ engine: target.label, setting: PEER_SETTINGS[cell.peer].setting, clients: cell.clients, recordSizeBytes, commitsPerSecond: figures.commitsPerSecond, latencyUs: figures.latencyUs });
        }
      }
      onProgress?.(index + 1, cells.length, cellLabel(cell));
    }
    await current?.target?.close();
    current = undefined;
    const replicationCells = cells.filter((cell) => cell.kind === 'replication').length;
    let replicationRounds = 0;
    if (replicationCells > 0) {
      const measured = await measureReplicationRounds(workDirectory, options.seed, timing.cellMs * replicationCells, nextTx);
      replication.push(...measured.results);
      replicationRounds = measured.rounds;
      nextTx = measured.nextTx;
      onProgress?.(cells.length, cells.length, 'replication rounds');
    }
    const archiveCells = cells.filter((cell) => cell.kind === 'archive').length;
    let archiveRounds = 0;
    if (archiveCells > 0) {
      const measured = await measureArchiveRounds(workDirectory, options.archiveSegmentSizeBytes ?? ARCHIVE_SEGMENT_SIZE_BYTES_DEFAULT, timing.cellMs * archiveCells, nextTx);
      archive.push(...measured.results);
      archiveRounds = measured.rounds;
      nextTx = measured.nextTx;
      onProgress?.(cells.length, cells.length, 'archiving rounds');
    }
    const raw = {
      recordSizeBytes: SMALL_RECORD_BYTES,
      appendFdatasync: rawFigure(rawAppend),
      overwriteFdatasync: rawFigure(rawOverwrite),
      groupCommit: rawGroups.map(rawFigure),
    };
    return {
      tool: 'unplug',
      command: 'bench',
      seed: options.seed,
      dir: options.directory,
      fileSystemType: mountOfDirectory(options.directory)?.fileSystemType ?? null,
      timeBudgetMs: options.timeBudgetMs,
      durationMs: Math.round(performance.now() - startedMs),
      raw,
      results,
      ratios: benchRatios(results, { rawAppend: raw.appendFdatasync, rawOverwrite: raw.overwriteFdatasync, rawGroup64: rawFigure(rawGroup64) }, headlineRounds),
      headlineRounds,
      headlineDriver: headline ? headlineDriver : null,
      cpuUsPerCommit: {
        clients1: medianRoundFigure(headlineRounds, (round) => round.singleClientCpuUsPerCommit),
        clients64: medianRoundFigure(headlineRounds, (round) => round.clients64CpuUsPerCommit),
      },
      roundTripUs: {
        host: medianRoundFigure(headlineRounds, (round) => round.hostRoundTripUs),
        echo: medianRoundFigure(headlineRounds, (round) => round.echoRoundTripUs),
      },
      slowDisk,
      peers: options.peers ? [...referenceBesidePeers(results), ...peers] : [],
      peersSkipped,
      replication,
      replicationRounds,
      archive,
      archiveRounds,
    };
  } finally {
    await current?.target?.close().catch(() => undefined);
    fs.rmSync(workDirectory, { recursive: true, force: true });
  }
}

/**
 * Runs the paired headline rounds: the fdatasync engine (in this process
 * unless the run is child-process only), plus the two children of the
 * round-trip pair, `unplug engine --sync-method off` and the echo child, which
 * stay up for all rounds and are closed before the matrix starts.
 */
async function measureHeadline(
  workDirectory: string,
  options: BenchOptions,
  driver: BenchDriver,
  raw: { readonly rawAppend: RawLoop; readonly rawOverwrite: RawLoop; readonly rawGroup64: RawLoop },
  timing: BenchTiming,
  firstTx: number,
  peersSkipped: string[],
): Promise<{ readonly rounds: readonly HeadlineRound[]; readonly nextTx: number }> {
  const opened: CommitTarget[] = [];
  try {
    const engineCell: BenchCell = { kind: 'engine', driver, syncMethod: 'fdatasync', clients: 1, recordSizeBytes: SMALL_RECORD_BYTES };
    const hostCell: BenchCell = { kind: 'engine', driver: 'child-process', syncMethod: 'off', clients: 1, recordSizeBytes: SMALL_RECORD_BYTES };
    const engine = await openGroupTarget(engineCell, path.join(workDirectory, 'engine-headline'), options.seed, peersSkipped);
    if (engine !== undefined) opened.push(engine);
    const host = await openGroupTarget(hostCell, path.join(workDirectory, 'host-round-trip'), options.seed, peersSkipped);
    if (host !== undefined) opened.push(host);
    const echo = await openEchoTarget(workDirectory);
    opened.push(echo);
    assert(engine !== undefined && host !== undefined, 'engine targets are never skipped');
    return await runHeadlineRounds(
      { engine, host, echo, ...raw },
      { rounds: timing.headlineRounds, pieceMs: timing.headlinePieceMs, firstTx, inProcess: driver === 'in-process' },
    );
  } finally {
    for (const target of opened) await target.close();
  }
}

/** Opens a group's target; a peer that cannot be loaded is skipped with its reason, an engine failure is fatal. */
async function openGroupTarget(cell: BenchCell, directory: string, seed: number, peersSkipped: string[]): Promise<CommitTarget | undefined> {
  try {
    return await openTarget(cell, directory, seed);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (cell.kind === 'peer') {
      peersSkipped.push(`${cell.peer}: ${message}`);
      return undefined;
    }
    if (error instanceof InfrastructureError) throw error;
    throw new InfrastructureError(`could not open the engine for ${cellLabel(cell)}: ${message}`, { cause: error });
  }
}

/** The reference engine's rows of the peer table, taken from this run's results (fdatasync, small records). */
function referenceBesidePeers(results: readonly BenchResult[]): readonly PeerResult[] {
  return results
    .filter((result) => result.syncMethod === 'fdatasync' && result.recordSizeBytes === SMALL_RECORD_BYTES && (result.clients === 1 || result.clients === 64))
    .map((result) => ({
      engine: `unplug (${result.driver})`,
      setting: 'fdatasync, group commit',
      clients: result.clients,
      recordSizeBytes: result.recordSizeBytes,
      commitsPerSecond: result.commitsPerSecond,
      latencyUs: result.latencyUs,
    }));
}

/** Every sync method the engine has, in the engine's order (the default of `--sync-methods`). */
export const BENCH_SYNC_METHODS = SYNC_METHODS;
