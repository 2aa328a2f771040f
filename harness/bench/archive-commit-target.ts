/**
 * The bench's archiving targets (`unplug bench --archive`): the reference
 * engine in this process with small WAL segments, either without archiving or
 * copying every completed segment to an archive directory next to its store
 * (the directory archiver: copy, sync, rename, sync the directory, on the same
 * disk), so the archiver's cost is measured on the disk under test. The
 * in-process engine lets the bench read the archiver's progress after every
 * piece without a protocol round trip.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ArchiveStatus } from '../../engine/archive/archive-settings.js';
import { NodeFileSystem } from '../../engine/fs/node-file-system.js';
import { openEngine } from '../../engine/store/open-engine.js';
import type { ArchiveBenchMode } from './bench-plan.js';
import type { CommitTarget } from './commit-target.js';

/** A commit target that also reports its archiver's progress. */
export interface ArchiveCommitTarget extends CommitTarget {
  /** The archiver's progress, or null when archiving is off. */
  archiveStatus(): ArchiveStatus | null;
}

/** Options of `openArchiveTarget`. */
export interface ArchiveTargetOptions {
  readonly mode: ArchiveBenchMode;
  /** The variant's own directory: the store goes in `store/`, the archive in `archive/`. */
  readonly directory: string;
  readonly segmentSizeBytes: number;
}

/** Opens one archiving variant in `options.directory`. */
export function openArchiveTarget(options: ArchiveTargetOptions): ArchiveCommitTarget {
  const storeDirectory = path.join(options.directory, 'store');
  const archiveDirectory = path.join(options.directory, 'archive');
  fs.mkdirSync(storeDirectory, { recursive: true });
  const engine = openEngine({
    directory: storeDirectory,
    syncMethod: 'fdatasync',
    segmentSizeBytes: options.segmentSizeBytes,
    fileSystem: new NodeFileSystem(),
    ...(options.mode === 'directory' ? { archive: { destination: { kind: 'directory', directory: archiveDirectory } } } : {}),
  });
  let closed = false;
  return {
    label: `unplug fdatasync (in-process, ${options.mode === 'off' ? 'no archiving' : 'archiving to a directory'})`,
    commit: (tx, writes) => engine.commit(tx, writes),
    syncCount: () => engine.stats().syncs,
    archiveStatus: () => engine.walStatus?.().archive ?? null,
    close: async () => {
      if (closed) return;
      closed = true;
      await engine.close();
    },
  };
}
