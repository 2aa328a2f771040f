/**
 * What an offline tool (backup, restore, waldump) needs to know about a store
 * directory without opening it as an engine: its timeline, its segment size
 * (from the control file, else from a segment file's size, since segments are
 * always preallocated to full size) and its segment files.
 */
import { EngineError } from '../engine-types.js';
import type { FileSystem } from '../fs/file-system.js';
import { joinPath } from '../fs/file-system.js';
import { CONTROL_FILE_FORMAT, decodeControlFile } from '../store/control-file.js';
import { DefectSet } from '../store/defects.js';
import { Durability, durabilityPolicy } from '../store/durability-policy.js';
import { isValidSegmentSize, SegmentGeometry } from '../wal/segment-geometry.js';
import { currentTimeline } from './timeline-history.js';

/** The layout of a store directory. */
export interface StoreLayout {
  readonly directory: string;
  readonly names: readonly string[];
  readonly geometry: SegmentGeometry;
  /** Segment numbers of the current timeline's files, ascending. */
  readonly segments: readonly number[];
}

/** Reads the layout of `directory`; INVALID_ARGUMENT when it is not a store. */
export function readStoreLayout(fileSystem: FileSystem, directory: string): StoreLayout {
  if (!fileSystem.exists(directory)) throw new EngineError('INVALID_ARGUMENT', `no store directory at '${directory}'`);
  const names = fileSystem.list(directory);
  const timeline = layoutTimeline(names, currentTimeline(fileSystem, directory));
  let segmentSizeBytes: number | undefined;
  if (names.includes(CONTROL_FILE_FORMAT.fileName)) {
    const control = decodeControlFile(fileSystem.readFile(joinPath(directory, CONTROL_FILE_FORMAT.fileName)));
    if (typeof control === 'string') throw new EngineError('CORRUPT', `${CONTROL_FILE_FORMAT.fileName}: ${control}`, { segment: CONTROL_FILE_FORMAT.fileName, offsetBytes: 0 });
    segmentSizeBytes = control.segmentSizeBytes;
  }
  const probe = new SegmentGeometry(4096, timeline);
  const segmentNames = names.filter((name) => /^[0-9A-F]{24}$/.test(name) && name.startsWith(probe.fileName(0).slice(0, 8)));
  if (segmentSizeBytes === undefined) {
    const first = segmentNames[0];
    if (first === undefined) throw new EngineError('INVALID_ARGUMENT', `'${directory}' holds neither a control file nor WAL segments: not a store`);
    const handle = fileSystem.open(joinPath(directory, first), { readOnly: true });
    try {
      segmentSizeBytes = handle.sizeBytes();
    } finally {
      handle.close();
    }
  }
  if (!isValidSegmentSize(segmentSizeBytes)) throw new EngineError('CORRUPT', `'${directory}' has segments of ${segmentSizeBytes} bytes, not a valid segment size`);
  const geometry = new SegmentGeometry(segmentSizeBytes, timeline);
  const segments = names
    .map((name) => geometry.parseFileName(name))
    .filter((number): number is number => number !== undefined)
    .sort((a, b) => a - b);
  return { directory, names, geometry, segments };
}

/**
 * The timeline whose segments the layout lists. A store writes the newest
 * timeline it has a history file for. An archive (no control file) may hold
 * a newer history file than any segment: a restore writes its timeline's
 * history there before its store archives a segment, so then the newest
 * timeline that has segment files is the one to read.
 */
function layoutTimeline(names: readonly string[], newestWithHistory: number): number {
  if (names.includes(CONTROL_FILE_FORMAT.fileName)) return newestWithHistory;
  const segmentTimelines = names.filter((name) => /^[0-9A-F]{24}$/.test(name)).map((name) => Number.parseInt(name.slice(0, 8), 16));
  if (segmentTimelines.includes(newestWithHistory) || segmentTimelines.length === 0) return newestWithHistory;
  const older = segmentTimelines.filter((timeline) => timeline < newestWithHistory);
  return Math.max(...(older.length > 0 ? older : segmentTimelines));
}

/** Throws INVALID_ARGUMENT unless `directory` is missing or empty: offline tools never write over data. */
export function requireEmptyDirectory(fileSystem: FileSystem, directory: string, what: string): void {
  if (fileSystem.exists(directory) && fileSystem.list(directory).length > 0) {
    throw new EngineError('INVALID_ARGUMENT', `${what} '${directory}' is not empty`);
  }
}

/** The durability offline tools use: fsync files, sync directories. */
export function toolDurability(fileSystem: FileSystem): Durability {
  return new Durability(fileSystem, durabilityPolicy('fsync', new DefectSet()));
}
