/**
 * The first step of recovery: what is in the directory, read without changing
 * anything. It sorts the entries (control file, data files, segments, temp
 * files, anything else), refuses a store whose control file is missing although
 * its segments or data files are there (the control file is always created
 * first), and reads the header of every segment from the redo point on: a
 * header that names another place or another store is a misplaced segment, and
 * the largest `preparedAtLsn` among the others is a durable proof of how far
 * the log reached.
 */
import type { FileSystem } from '../fs/file-system.js';
import { joinPath } from '../fs/file-system.js';
import { EngineError } from '../engine-types.js';
import type { Lsn } from '../wal/lsn.js';
import type { SegmentGeometry } from '../wal/segment-geometry.js';
import { decodeSegmentHeader, SEGMENT_HEADER_FORMAT } from '../wal/segment-header.js';
import { identityProblem } from '../wal/segment-source.js';
import type { SegmentIdentity } from '../wal/segment-source.js';
import { CONTROL_FILE_FORMAT } from './control-file.js';
import { isDataFileName } from './data-file.js';
import { TEMP_FILE_SUFFIX } from './wal-writer.js';

/** The directory's entries, sorted by role. */
export interface StoreInventory {
  readonly names: readonly string[];
  readonly controlFilePresent: boolean;
  readonly segments: ReadonlySet<number>;
  readonly dataFiles: readonly string[];
  readonly tempFiles: readonly string[];
}

/** Lists and sorts the entries of `directory`. */
export function takeInventory(fileSystem: FileSystem, directory: string, geometry: SegmentGeometry): StoreInventory {
  const names = fileSystem.list(directory);
  const segments = new Set<number>();
  for (const name of names) {
    const segmentNumber = geometry.parseFileName(name);
    if (segmentNumber !== undefined) segments.add(segmentNumber);
  }
  return {
    names,
    controlFilePresent: names.includes(CONTROL_FILE_FORMAT.fileName),
    segments,
    dataFiles: names.filter(isDataFileName),
    tempFiles: names.filter((name) => name.endsWith(TEMP_FILE_SUFFIX)),
  };
}

/**
 * True when the directory holds something only a store that got past its
 * creation leaves: a data file, or a segment with a whole header (segments are
 * prepared after the control file is durable, and no record is written into a
 * segment before its header). Without any, no commit can ever have been
 * acknowledged here, so a missing or unreadable control file means the
 * creation itself was cut short (with sync method `off`, a power loss can leave
 * a renamed but empty control file) and the store is created again.
 */
export function hasStoreEvidence(fileSystem: FileSystem, directory: string, inventory: StoreInventory, geometry: SegmentGeometry): boolean {
  if (inventory.dataFiles.length > 0) return true;
  for (const segmentNumber of inventory.segments) {
    if (typeof decodeSegmentHeader(readHeaderBytes(fileSystem, directory, geometry.fileName(segmentNumber))) !== 'string') return true;
  }
  return false;
}

/** Throws CORRUPT when segments or data files exist without the control file that every store starts with. */
export function refuseOrphanedFiles(inventory: StoreInventory, geometry: SegmentGeometry): void {
  if (inventory.controlFilePresent) return;
  const firstSegment = [...inventory.segments].sort((a, b) => a - b)[0];
  const orphan = firstSegment !== undefined ? geometry.fileName(firstSegment) : inventory.dataFiles[0];
  if (orphan === undefined) return;
  throw new EngineError('CORRUPT', `${CONTROL_FILE_FORMAT.fileName} is missing although ${orphan} exists: the store's control file was lost`, {
    segment: CONTROL_FILE_FORMAT.fileName,
    offsetBytes: 0,
  });
}

/**
 * Checks the header of every segment at or after `fromSegment`: throws CORRUPT
 * for a header that belongs elsewhere, and returns the largest `preparedAtLsn`
 * with the segment that proves it (0 and undefined when no header proves anything).
 */
export function provenLogEnd(
  fileSystem: FileSystem,
  directory: string,
  geometry: SegmentGeometry,
  segments: ReadonlySet<number>,
  fromSegment: number,
  identity: SegmentIdentity,
): { readonly lsn: Lsn; readonly segment: string | undefined } {
  let proven: { lsn: Lsn; segment: string | undefined } = { lsn: 0, segment: undefined };
  for (const segmentNumber of [...segments].filter((number) => number >= fromSegment).sort((a, b) => a - b)) {
    const name = geometry.fileName(segmentNumber);
    const header = decodeSegmentHeader(readHeaderBytes(fileSystem, directory, name));
    // A header that is not whole proves nothing: the scan reads it as the end
    // of the log or the later-record search finds what follows it.
    if (typeof header === 'string') continue;
    const problem = identityProblem(header, segmentNumber, identity);
    if (problem !== undefined) {
      throw new EngineError('CORRUPT', `WAL segment ${name} is misplaced or foreign: ${problem} (offset 0)`, { segment: name, offsetBytes: 0 });
    }
    if (header.preparedAtLsn > proven.lsn) proven = { lsn: header.preparedAtLsn, segment: name };
  }
  return proven;
}

function readHeaderBytes(fileSystem: FileSystem, directory: string, name: string): Uint8Array {
  const handle = fileSystem.open(joinPath(directory, name), { readOnly: true });
  try {
    return handle.read(0, SEGMENT_HEADER_FORMAT.headerBytes);
  } finally {
    handle.close();
  }
}
