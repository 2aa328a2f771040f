/**
 * A crash state: what the data directory holds when the recovering engine opens
 * it after a crash at one operation boundary of a trace, under one fault model.
 */
import type { CrashModel } from './crash-models.js';
import type { MetadataModel } from './metadata-models.js';
import type { PagedBytes } from './paged-bytes.js';
import type { PersistenceMask } from './persistence-mask.js';

/** The contents of a directory after a crash, as plain data. */
export interface CrashState {
  readonly model: CrashModel;
  readonly seed: number;
  /** The number of file-system operations of the trace that had completed at the crash. */
  readonly operationIndex: number;
  /** Regular files by path relative to the directory. The arrays must not be modified: states share them. */
  readonly files: ReadonlyMap<string, Uint8Array>;
  /**
   * The same files as pages, when the builder made the state: sharing pages with
   * the states around it, they cost what changed (materialising and digesting
   * use them; `files` flattens a file only when asked).
   */
  readonly pagedFiles?: ReadonlyMap<string, PagedBytes>;
  /** Directories below the root, sorted (parents before children). */
  readonly directories: readonly string[];
  /** Which unsynced work survived: replaying this mask at this boundary gives this state again. */
  readonly mask: PersistenceMask;
  /** One line saying what the model did, for reports. */
  readonly description?: string;
  /** When directory operations became durable in this state. @defaultValue 'strict' */
  readonly metadata?: MetadataModel;
  /** Live files the state lost, each with the rule that lost it (absent: nothing lost, or not built by the builder). */
  readonly lostWork?: readonly LostWork[];
}

/**
 * One live file a crash state lost: its entry (`directory-entry`: the create,
 * rename or mkdir that made it reachable, or the unlink that removed it, was
 * never made durable), with the live bytes it had (none for a removed one); or some of its data (`data`: written, never synced), with
 * the unsynced writes (shared with the builder, never copied: a state may keep
 * fewer of them than it names, but no other).
 */
export type LostWork =
  | { readonly path: string; readonly rule: 'directory-entry'; readonly live: PagedBytes }
  | { readonly path: string; readonly rule: 'data'; readonly unsyncedWrites: readonly Uint8Array[] };
