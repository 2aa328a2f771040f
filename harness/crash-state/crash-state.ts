/**
 * A crash state: what the data directory holds when the recovering engine opens
 * it after a crash at one operation boundary of a trace, under one fault model.
 */
import type { CrashModel } from './crash-models.js';
import type { PersistenceMask } from './persistence-mask.js';

/** The contents of a directory after a crash, as plain data. */
export interface CrashState {
  readonly model: CrashModel;
  readonly seed: number;
  /** The number of file-system operations of the trace that had completed at the crash. */
  readonly operationIndex: number;
  /** Regular files by path relative to the directory. The arrays must not be modified: states share them. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  /** Directories below the root, sorted (parents before children). */
  readonly directories: readonly string[];
  /** Which unsynced work survived: replaying this mask at this boundary gives this state again. */
  readonly mask: PersistenceMask;
  /** One line saying what the model did, for reports. */
  readonly description?: string;
}
