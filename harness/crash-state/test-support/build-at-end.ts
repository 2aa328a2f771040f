/** Test helper: applies a whole trace to a fresh builder and builds one state at its end. */
import type { TraceRecord } from '../../trace/trace-record.js';
import type { CrashModel } from '../crash-models.js';
import type { CrashState } from '../crash-state.js';
import { createCrashStateBuilder, type CrashStateBuilder, type CrashStateBuilderOptions } from '../crash-state-builder.js';
import type { PersistenceMask } from '../persistence-mask.js';

/** A builder that has applied every record. */
export function builderAfter(records: readonly TraceRecord[], options?: CrashStateBuilderOptions): CrashStateBuilder {
  const builder = createCrashStateBuilder(options);
  for (const record of records) builder.apply(record);
  return builder;
}

/** The crash state after every record, under `model`. */
export function stateAfter(records: readonly TraceRecord[], model: CrashModel, seed = 1, mask?: PersistenceMask, options?: CrashStateBuilderOptions): CrashState {
  return builderAfter(records, options).build(model, seed, mask);
}

/** A state's files as strings, for readable expectations. */
export function filesAsText(state: CrashState): Record<string, string> {
  return Object.fromEntries([...state.files].map(([path, bytes]) => [path, new TextDecoder().decode(bytes)]));
}

/** A state's files and directories in a form that compares fast and prints readably (base64 bytes). */
export function comparableState(state: { readonly files: ReadonlyMap<string, Uint8Array>; readonly directories: readonly string[] }): {
  files: Record<string, string>;
  directories: readonly string[];
} {
  return { files: Object.fromEntries([...state.files].map(([path, bytes]) => [path, Buffer.from(bytes).toString('base64')])), directories: state.directories };
}
