/**
 * Loads the current checkpoint: the control file, then the data file it names.
 * A missing control file means a new store (the inventory has already refused
 * one whose other files exist); a damaged control or data file is corruption of
 * synced data and fails with CORRUPT. The segment size is checked first: it
 * shapes the on-disk format, so a mismatch is fatal whatever state the store is in.
 */
import type { FileSystem } from '../fs/file-system.js';
import { joinPath } from '../fs/file-system.js';
import { EngineError } from '../engine-types.js';
import type { SegmentGeometry } from '../wal/segment-geometry.js';
import { CONTROL_FILE_FORMAT, decodeControlFile } from './control-file.js';
import type { ControlRecord } from './control-file.js';
import { decodeDataFile } from './data-file.js';

/** The loaded checkpoint, or no control record and no entries. */
export interface LoadedCheckpoint {
  readonly control: ControlRecord | undefined;
  readonly entries: readonly (readonly [string, string])[];
}

/** Reads the control file and data file of `directory` (whose entry names are `names`). */
export function loadCheckpoint(
  fileSystem: FileSystem,
  directory: string,
  names: readonly string[],
  geometry: SegmentGeometry,
): LoadedCheckpoint {
  if (!names.includes(CONTROL_FILE_FORMAT.fileName)) return { control: undefined, entries: [] };
  const control = decodeControlFile(fileSystem.readFile(joinPath(directory, CONTROL_FILE_FORMAT.fileName)));
  if (typeof control === 'string') {
    throw new EngineError('CORRUPT', `${CONTROL_FILE_FORMAT.fileName}: ${control}`, { segment: CONTROL_FILE_FORMAT.fileName, offsetBytes: 0 });
  }
  if (control.segmentSizeBytes !== geometry.segmentSizeBytes) {
    throw new EngineError(
      'INVALID_ARGUMENT',
      `the directory was created with segment size ${control.segmentSizeBytes} bytes, not ${geometry.segmentSizeBytes}: open it with the segment size it was created with (unplug engine --segment-size ${sizeText(control.segmentSizeBytes)})`,
    );
  }
  if (control.checkpointSequence === 0) return { control, entries: [] };
  if (!names.includes(control.dataFileName)) {
    throw new EngineError('CORRUPT', `data file ${control.dataFileName} named by ${CONTROL_FILE_FORMAT.fileName} is missing`, {
      segment: control.dataFileName,
      offsetBytes: 0,
    });
  }
  const data = decodeDataFile(fileSystem.readFile(joinPath(directory, control.dataFileName)));
  const problem =
    typeof data === 'string'
      ? data
      : data.redoLsn !== control.redoLsn
        ? `data file redo LSN ${data.redoLsn} differs from the control file's ${control.redoLsn}`
        : undefined;
  if (problem !== undefined || typeof data === 'string') {
    throw new EngineError('CORRUPT', `${control.dataFileName}: ${problem ?? 'damaged'}`, { segment: control.dataFileName, offsetBytes: 0 });
  }
  return { control, entries: data.entries };
}

/** A power-of-two size as `unplug engine --segment-size` takes it: `64k`, `16m`, `1g`, or bytes. */
function sizeText(sizeBytes: number): string {
  for (const [unit, factor] of [['g', 1024 ** 3], ['m', 1024 ** 2], ['k', 1024]] as const) if (sizeBytes % factor === 0) return `${sizeBytes / factor}${unit}`;
  return String(sizeBytes);
}
