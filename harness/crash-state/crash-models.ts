/**
 * The crash-state fault models (docs/fault-models.md) and the device geometry
 * they tear at. The model decides what survives of the work that was not yet
 * durable when the plug was pulled; synced work always survives.
 */

/** Every crash-state model, in the order a campaign runs them. */
export const CRASH_MODELS = Object.freeze([
  'process-crash',
  'power-loss',
  'power-loss-prefix',
  'power-loss-blocks',
  'torn-sectors',
  'bitrot',
] as const);

/** A crash-state model name. */
export type CrashModel = (typeof CRASH_MODELS)[number];

/** The unit `power-loss-blocks` keeps or drops: a page, as in Pebble's CrashClone. */
export const BLOCK_SIZE_BYTES = 4096;

/** The unit `torn-sectors` writes, drops or trashes, as in SQLite's crash VFS. */
export const SECTOR_SIZE_BYTES = 512;

/** True when `name` is a crash-state model name. */
export function isCrashModel(name: string): name is CrashModel {
  return (CRASH_MODELS as readonly string[]).includes(name);
}

/** True when the model can lose work that was not synced (every model but a process crash, where the OS keeps it). */
export function losesUnsyncedData(model: CrashModel): boolean {
  return model !== 'process-crash';
}
