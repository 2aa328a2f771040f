/**
 * Metadata models: when directory operations (create, rename, unlink, mkdir)
 * become durable. They sit beside the data-loss models of crash-models.ts
 * (which decide what happens to unsynced file data) and apply to each of them.
 *
 * - `strict`: POSIX as written, and what a careful engine must assume: a
 *   directory entry is durable only once its parent directory was fsynced
 *   (Pebble's strict MemFS, LazyFS).
 * - `ext4-ordered`: ext4's default data=ordered journalling. Directory
 *   operations go into one journal in order, and any fsync or fdatasync (of
 *   any file or directory) forces a journal commit that makes ALL of them
 *   durable, in order. Unsynced file data is still lost. Many engines lean on
 *   this without knowing it: a commit "lost under strict POSIX, durable on
 *   ext4" works on the usual Linux disk and breaks on others (XFS, btrfs,
 *   a different mount option). Size changes are not modelled separately:
 *   a file's size follows its data (the stricter reading).
 */

/** The metadata models, strict first. */
export const METADATA_MODELS = ['strict', 'ext4-ordered'] as const;
/** A metadata model. */
export type MetadataModel = (typeof METADATA_MODELS)[number];

/** True when `value` names a metadata model. */
export function isMetadataModel(value: string): value is MetadataModel {
  return (METADATA_MODELS as readonly string[]).includes(value);
}

/** True when, under `model`, a sync of any file commits every pending directory operation. */
export function syncCommitsAllMetadata(model: MetadataModel): boolean {
  return model === 'ext4-ordered';
}

/** What `--metadata` accepts: one model, or `both` (every state checked under each). */
export const METADATA_SELECTIONS = ['strict', 'ext4-ordered', 'both'] as const;
/** A `--metadata` value. */
export type MetadataSelection = (typeof METADATA_SELECTIONS)[number];

/** True when `value` is a `--metadata` value. */
export function isMetadataSelection(value: string): value is MetadataSelection {
  return (METADATA_SELECTIONS as readonly string[]).includes(value);
}

/** The models a `--metadata` value selects, strict first. */
export function metadataModelsOf(selection: MetadataSelection): readonly MetadataModel[] {
  return selection === 'both' ? METADATA_MODELS : [selection];
}

/** The `--metadata` value that selects `models` (`metadataModelsOf`'s inverse). */
export function metadataSelectionOf(models: readonly MetadataModel[]): MetadataSelection {
  if (models.length > 1) return 'both';
  return models[0] ?? 'strict';
}

/** How a report names a model in a sentence ("lost under strict POSIX"). */
export function describeMetadataModel(model: MetadataModel): string {
  return model === 'strict' ? 'strict POSIX' : 'ext4-ordered';
}
