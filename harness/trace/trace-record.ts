/**
 * The records of a trace: every file-system operation the traced process made
 * (recorded after it completed and before it returned), and every protocol line
 * it wrote, in one ordered stream. Paths are relative to the traced root (the
 * data directory); operations outside it are not recorded.
 *
 * A `fileId` names a file (an inode), not a path or a descriptor: fsync through
 * any descriptor covers writes made through another, and a rename keeps the id.
 * Write offsets are resolved (an append records the offset it landed at).
 *
 * The binary encoding is documented and owned by `trace-format.ts`.
 */
import type { SyncKind, WriteSyncMode } from '../../engine/fs/file-system.js';

/** A file-system operation or protocol output, as recorded. */
export type TraceRecord =
  | { readonly kind: 'mkdir'; readonly path: string }
  /** A new directory entry `path` naming a new, empty file. */
  | { readonly kind: 'create'; readonly path: string; readonly fileId: number }
  /** A descriptor opened on an existing or just-created file. */
  | { readonly kind: 'open'; readonly path: string; readonly fileId: number; readonly syncMode: WriteSyncMode }
  /** Bytes written at a resolved offset; durable at once when `syncMode` is not 'none'. */
  | {
      readonly kind: 'write';
      readonly fileId: number;
      readonly offsetBytes: number;
      readonly data: Uint8Array;
      readonly syncMode: WriteSyncMode;
    }
  | { readonly kind: 'truncate'; readonly fileId: number; readonly sizeBytes: number }
  | { readonly kind: 'sync'; readonly fileId: number; readonly syncKind: SyncKind }
  | { readonly kind: 'sync-directory'; readonly path: string }
  | { readonly kind: 'rename'; readonly sourcePath: string; readonly targetPath: string }
  | { readonly kind: 'remove'; readonly path: string }
  /** A line the process wrote to stdout (protocol output such as acks), without the newline. */
  | { readonly kind: 'output'; readonly line: string }
  /** A fault the shim injected at this point (the operation failed or was cut short). */
  | { readonly kind: 'fault'; readonly fault: string; readonly operation: string; readonly path: string };

/** The `kind` of a trace record. */
export type TraceRecordKind = TraceRecord['kind'];
