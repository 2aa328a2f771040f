// Placeholder: the shim's owner replaces this with the real decorator stack.
import type { FileSystem } from '../../engine/fs/file-system.js';
import type { ShimConfig } from './shim-config.js';

/** The composed decorator stack of a traced engine process. */
export interface ShimStack {
  readonly fileSystem: FileSystem;
  /** Records a protocol line the engine wrote to stdout (call after writing it). */
  recordOutput(line: string): void;
  /** Flushes and closes the trace. */
  close(): void;
}

/** Composes the recording, fault and latency decorators over `base` for `config`: the one place they are stacked. */
export function composeShimFileSystem(base: FileSystem, _config: ShimConfig): ShimStack {
  return { fileSystem: base, recordOutput: () => {}, close: () => {} };
}
