/**
 * Change data capture: the committed changes of a store in LSN order, each
 * with the value it replaced (change-line.ts), as an async iterable a program
 * can consume and `unplug engine cdc` prints.
 *
 * The reader rebuilds the state the way recovery does (the checkpoint's data
 * file, then the replay scan of wal/wal-scan.ts from its redo point) so that
 * every change carries its old value, and emits the commits after `fromLsn`.
 * It emits a commit only once it is durable: the scan is shown the WAL only up
 * to the flush LSN the primary publishes (flush-lsn-slot.ts) or the end a
 * checkpoint or clean close recorded in the control file, never the unsynced
 * bytes it can read through the page cache. Torn tails, zero-filled space and
 * stale records of recycled segments end a pass exactly as they end recovery,
 * because the scan is the engine's own.
 *
 * With `follow` it polls for more until `signal` aborts; without, it stops
 * once it has emitted everything durable. Memory is bounded: a pass reads at
 * most two segments' worth of WAL and caches one segment.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { readStoreLayout } from '../archive/store-layout.js';
import type { DefectName } from '../engine-types.js';
import { EngineError } from '../engine-types.js';
import type { FileSystem } from '../fs/file-system.js';
import { FileSystemError, joinPath } from '../fs/file-system.js';
import { NodeFileSystem } from '../fs/node-file-system.js';
import { CONTROL_FILE_FORMAT, decodeControlFile, type ControlRecord } from '../store/control-file.js';
import { loadCheckpoint } from '../store/load-checkpoint.js';
import { nextRecordStart } from '../wal/batch-encoder.js';
import type { Lsn } from '../wal/lsn.js';
import { formatLsn, LSN_MAX, LSN_NONE } from '../wal/lsn.js';
import type { SegmentGeometry } from '../wal/segment-geometry.js';
import { scanWal, type ScanStart } from '../wal/wal-scan.js';
import type { Change } from './change-line.js';
import { CdcError } from './cdc-error.js';
import { DurablePrefixSegmentSource } from './durable-prefix-segment-source.js';
import { readPublishedFlushLsn } from './flush-lsn-slot.js';

/** Options of `readChanges`. */
export interface ReadChangesOptions {
  /** The store's data directory. */
  readonly directory: string;
  /** The LSN the consumer last confirmed: only commits after it are emitted. 0 streams from the oldest retained commit. */
  readonly fromLsn: Lsn;
  /** Keep polling for new commits until `signal` aborts. @defaultValue false */
  readonly follow?: boolean;
  readonly signal?: AbortSignal;
  /** How long a follower waits before looking again. @defaultValue 20 */
  readonly pollIntervalMs?: number;
  /** @defaultValue a `NodeFileSystem` */
  readonly fileSystem?: FileSystem;
  /** `cdc-emits-before-durable` makes the reader ignore the flush LSN (the defect the harness must catch). */
  readonly defects?: readonly DefectName[];
}

/** Follower poll interval when none is given. */
export const CDC_POLL_INTERVAL_MS_DEFAULT = 20;
/** Attempts at reading a checkpoint that a running primary keeps replacing, before giving up. */
const CHECKPOINT_READ_ATTEMPTS_MAX = 20;
/** Segments' worth of WAL one pass reads (more only for a commit larger than that): bounds the changes held in memory. */
const SEGMENTS_PER_PASS_MAX = 2;

/** Streams the committed changes of `options.directory` after `options.fromLsn`; see the file comment. */
export async function* readChanges(options: ReadChangesOptions): AsyncGenerator<Change, void> {
  const fileSystem = options.fileSystem ?? new NodeFileSystem();
  const { directory, fromLsn } = options;
  const pollIntervalMs = options.pollIntervalMs ?? CDC_POLL_INTERVAL_MS_DEFAULT;
  const ignoreFlushLsn = options.defects?.includes('cdc-emits-before-durable') === true;
  const start = await openStart(fileSystem, directory, options);
  if (start === undefined) return;
  const { geometry, control, state } = start;
  if (control.checkpointSequence > 0 && control.redoPreviousLsn !== LSN_NONE && fromLsn < control.redoPreviousLsn) {
    throw new CdcError(
      'FROM_LSN_NOT_RETAINED',
      `--from-lsn ${formatLsn(fromLsn)} is older than the retained WAL: a checkpoint folded the changes up to ${formatLsn(control.redoPreviousLsn)} into its data file; the oldest LSN this store can resume from is ${formatLsn(control.redoPreviousLsn)}`,
    );
  }
  const source = new DurablePrefixSegmentSource(fileSystem, directory, geometry, { storeId: control.storeId, segmentSizeBytes: geometry.segmentSizeBytes });
  let position: ScanStart = { lsn: control.redoLsn, previousLsn: control.redoPreviousLsn };
  // A commit larger than a pass cannot end inside it: a pass that made no progress is retried twice as wide.
  let segmentsThisPass = SEGMENTS_PER_PASS_MAX;
  for (;;) {
    if (options.signal?.aborted === true) return;
    const durableLsn = ignoreFlushLsn ? LSN_MAX : Math.max(readPublishedFlushLsn(fileSystem, directory, control.storeId), currentControl(fileSystem, directory)?.logEndLsn ?? 0);
    const passBoundLsn = Math.min(durableLsn, geometry.segmentStartLsn(geometry.segmentNumberOf(position.lsn) + segmentsThisPass));
    source.beginPass(position.lsn, passBoundLsn);
    const changes: Change[] = [];
    const scan = scanWal(geometry, source, position, true, (tx, writes, lsn) => {
      writes.forEach(([key, value], write) => {
        if (lsn > fromLsn) changes.push({ lsn, tx, key, old: state.get(key) ?? null, new: value, write, writes: writes.length });
        if (value === null) state.delete(key);
        else state.set(key, value);
      });
    });
    const progressed = scan.validEndLsn !== position.lsn;
    position = { lsn: scan.validEndLsn, previousLsn: scan.lastRecordLsn };
    yield* changes;
    // Every byte below the pass bound was read (a commit may continue past it: the next pass reads it whole).
    const reachedPassBound = Math.max(scan.stopLsn, nextRecordStart(geometry, scan.validEndLsn)) >= passBoundLsn;
    if (reachedPassBound && passBoundLsn < durableLsn) {
      segmentsThisPass = progressed ? SEGMENTS_PER_PASS_MAX : segmentsThisPass * 2;
      continue;
    }
    if (!reachedPassBound && !ignoreFlushLsn) throw stoppedShort(fileSystem, directory, geometry, scan.stopLsn, scan.stopReason, durableLsn);
    if (options.follow !== true) return;
    try {
      await sleep(pollIntervalMs, undefined, options.signal === undefined ? {} : { signal: options.signal });
    } catch {
      return;
    }
  }
}

/** Where a reader starts: the store's geometry, its checkpoint, and the state the checkpoint holds. */
interface ReaderStart {
  readonly geometry: SegmentGeometry;
  readonly control: ControlRecord;
  readonly state: Map<string, string>;
}

/**
 * Reads the checkpoint. A running primary may replace it between reading the
 * control file and the data file it names, so a read that fails is retried; a
 * follower also waits for a store that does not exist yet.
 */
async function openStart(fileSystem: FileSystem, directory: string, options: ReadChangesOptions): Promise<ReaderStart | undefined> {
  for (let attempt = 1; ; attempt += 1) {
    if (options.signal?.aborted === true) return undefined;
    try {
      const layout = readStoreLayout(fileSystem, directory);
      const checkpoint = loadCheckpoint(fileSystem, directory, layout.names, layout.geometry);
      if (checkpoint.control !== undefined) return { geometry: layout.geometry, control: checkpoint.control, state: new Map(checkpoint.entries) };
      if (options.follow !== true) throw new CdcError('NO_STORE', `'${directory}' holds no store (no ${CONTROL_FILE_FORMAT.fileName})`);
    } catch (error) {
      // Not a store (yet): a follower waits for the primary to create it, a one-shot reader says so.
      const notAStore = error instanceof EngineError && error.code === 'INVALID_ARGUMENT';
      if (notAStore && options.follow !== true) throw new CdcError('NO_STORE', error.message);
      const replaced = error instanceof FileSystemError || (error instanceof EngineError && error.code === 'CORRUPT');
      if (!notAStore && (!replaced || attempt >= CHECKPOINT_READ_ATTEMPTS_MAX)) throw error;
    }
    try {
      await sleep(options.pollIntervalMs ?? CDC_POLL_INTERVAL_MS_DEFAULT, undefined, options.signal === undefined ? {} : { signal: options.signal });
    } catch {
      return undefined;
    }
  }
}

/** The control file as it is now, or undefined while it is being replaced. */
function currentControl(fileSystem: FileSystem, directory: string): ControlRecord | undefined {
  try {
    const decoded = decodeControlFile(fileSystem.readFile(joinPath(directory, CONTROL_FILE_FORMAT.fileName)));
    return typeof decoded === 'string' ? undefined : decoded;
  } catch (error) {
    if (error instanceof FileSystemError) return undefined;
    throw error;
  }
}

/** Why a pass stopped before the durable end: a checkpoint recycled what the reader still needed, or the durable log is damaged. */
function stoppedShort(fileSystem: FileSystem, directory: string, geometry: SegmentGeometry, stopLsn: Lsn, stopReason: string, durableLsn: Lsn): CdcError {
  const control = currentControl(fileSystem, directory);
  if (control !== undefined && geometry.segmentNumberOf(control.redoLsn) > geometry.segmentNumberOf(stopLsn)) {
    return new CdcError(
      'WAL_RECYCLED',
      `the reader at ${formatLsn(stopLsn)} fell behind a checkpoint (redo point ${formatLsn(control.redoLsn)}) that recycled the segment it was reading; the oldest LSN this store can resume from is ${formatLsn(control.redoPreviousLsn)}`,
    );
  }
  const segment = geometry.fileName(geometry.segmentNumberOf(stopLsn));
  return new CdcError(
    'WAL_DAMAGED',
    `the WAL stops at ${formatLsn(stopLsn)} (segment ${segment} offset ${geometry.offsetInSegment(stopLsn)}: ${stopReason}) below the durable end ${formatLsn(durableLsn)}`,
  );
}
