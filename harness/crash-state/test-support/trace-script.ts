/**
 * Hand-written traces for tests: a terse way to list the records a recorder
 * would have produced, with file ids assigned per path like the recorder does.
 */
import type { WriteSyncMode } from '../../../engine/fs/file-system.js';
import type { TraceRecord } from '../../trace/trace-record.js';

/** Encodes a string as bytes. */
export function bytesOf(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Decodes bytes as a string. */
export function textOf(bytes: Uint8Array | undefined): string | undefined {
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
}

/** Builds a trace record by record; file ids follow the path a file was created at, and renames. */
export class TraceScript {
  readonly records: TraceRecord[] = [];
  private readonly ids = new Map<string, number>();
  private nextId = 1;

  /** The id of the file now at `path`. */
  idOf(path: string): number {
    const id = this.ids.get(path);
    if (id === undefined) throw new Error(`test script: no file at ${path}`);
    return id;
  }

  mkdir(path: string): this {
    return this.push({ kind: 'mkdir', path });
  }

  /** A create followed by an open, as the recorder writes them. */
  create(path: string, syncMode: WriteSyncMode = 'none'): this {
    const fileId = this.nextId++;
    this.ids.set(path, fileId);
    this.push({ kind: 'create', path, fileId });
    return this.push({ kind: 'open', path, fileId, syncMode });
  }

  /** An open of an existing file (e.g. one of the base image), giving it an id when it has none yet. */
  open(path: string, syncMode: WriteSyncMode = 'none'): this {
    const fileId = this.ids.get(path) ?? this.nextId++;
    this.ids.set(path, fileId);
    return this.push({ kind: 'open', path, fileId, syncMode });
  }

  write(path: string, offsetBytes: number, data: string | Uint8Array, syncMode: WriteSyncMode = 'none'): this {
    return this.push({ kind: 'write', fileId: this.idOf(path), offsetBytes, data: typeof data === 'string' ? bytesOf(data) : data, syncMode });
  }

  truncate(path: string, sizeBytes: number): this {
    return this.push({ kind: 'truncate', fileId: this.idOf(path), sizeBytes });
  }

  sync(path: string): this {
    return this.push({ kind: 'sync', fileId: this.idOf(path), syncKind: 'fdatasync' });
  }

  syncDirectory(path = '.'): this {
    return this.push({ kind: 'sync-directory', path });
  }

  rename(sourcePath: string, targetPath: string): this {
    this.ids.set(targetPath, this.idOf(sourcePath));
    this.ids.delete(sourcePath);
    return this.push({ kind: 'rename', sourcePath, targetPath });
  }

  remove(path: string): this {
    this.ids.delete(path);
    return this.push({ kind: 'remove', path });
  }

  output(line: string): this {
    return this.push({ kind: 'output', line });
  }

  eioSync(path: string): this {
    return this.push({ kind: 'fault', fault: 'eio-fsync', operation: 'sync', path });
  }

  private push(record: TraceRecord): this {
    this.records.push(record);
    return this;
  }
}
