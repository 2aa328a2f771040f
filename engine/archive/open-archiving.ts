/**
 * Composes the archiving parts of an engine from its options, in one place:
 * the archive target (directory or command), the status markers, the archiver
 * (resumed from the markers after recovery) and the WAL-bloat alarm. Bad
 * settings are INVALID_ARGUMENT errors naming the bad value.
 */
import type { EngineOptions } from '../engine-types.js';
import { EngineError } from '../engine-types.js';
import type { FileSystem } from '../fs/file-system.js';
import { assertNever } from '../invariants.js';
import type { DefectSet } from '../store/defects.js';
import type { Durability } from '../store/durability-policy.js';
import type { Lsn } from '../wal/lsn.js';
import type { SegmentGeometry } from '../wal/segment-geometry.js';
import { ARCHIVE_LIMITS } from './archive-settings.js';
import type { ArchiveSettings } from './archive-settings.js';
import { ArchiveStatusMarkers } from './archive-status-markers.js';
import type { ArchiveTarget } from './archive-target.js';
import { CommandArchiveTarget } from './command-archive-target.js';
import { DirectoryArchiveTarget } from './directory-archive-target.js';
import { SegmentArchiver } from './segment-archiver.js';
import { WalBloatAlarm } from './wal-bloat-alarm.js';

/** What the engine needs to archive and to raise the alarm; either may be absent. */
export interface ArchivingParts {
  readonly archiver: SegmentArchiver | undefined;
  readonly walAlarm: WalBloatAlarm | undefined;
}

/** Throws INVALID_ARGUMENT when the archiving options are malformed; call before recovery. */
export function validateArchivingOptions(options: EngineOptions): void {
  const settings = options.archive;
  if (settings !== undefined) {
    const destination = settings.destination;
    switch (destination.kind) {
      case 'directory':
        if (typeof destination.directory !== 'string' || destination.directory.length === 0) {
          throw new EngineError('INVALID_ARGUMENT', 'archive directory must be a non-empty path');
        }
        if (destination.directory.replace(/\/+$/, '') === options.directory.replace(/\/+$/, '')) {
          throw new EngineError('INVALID_ARGUMENT', `archive directory must differ from the data directory, got '${destination.directory}'`);
        }
        break;
      case 'command':
        if (typeof destination.command !== 'string' || !destination.command.includes('%p')) {
          throw new EngineError('INVALID_ARGUMENT', `archive command must contain %p (the segment's path), got '${String(destination.command)}'`);
        }
        break;
      default:
        assertNever(destination, 'archive destination');
    }
    for (const [name, value] of [
      ['retryDelayMsMin', settings.retryDelayMsMin],
      ['retryDelayMsMax', settings.retryDelayMsMax],
      ['commandTimeoutMs', settings.commandTimeoutMs],
    ] as const) {
      if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) {
        throw new EngineError('INVALID_ARGUMENT', `archive ${name} must be a positive integer, got ${value}`);
      }
    }
  }
  const warn = options.walWarnBytes;
  if (warn !== undefined && (!Number.isSafeInteger(warn) || warn < 1)) {
    throw new EngineError('INVALID_ARGUMENT', `walWarnBytes must be a positive integer, got ${warn}`);
  }
}

/** Builds the archiver (resumed at `endLsn`) and the alarm of an engine after recovery. */
export function openArchiving(
  options: EngineOptions,
  fileSystem: FileSystem,
  geometry: SegmentGeometry,
  durability: Durability,
  defects: DefectSet,
  existingSegments: ReadonlySet<number>,
  endLsn: Lsn,
): ArchivingParts {
  const settings = options.archive;
  let archiver: SegmentArchiver | undefined;
  if (settings !== undefined) {
    const target = archiveTarget(settings, fileSystem, durability, defects, geometry.segmentSizeBytes);
    const markers = new ArchiveStatusMarkers(fileSystem, options.directory, durability);
    archiver = new SegmentArchiver(fileSystem, options.directory, geometry, markers, target, settings, existingSegments, settings.clockMs ?? Date.now);
    archiver.start(endLsn);
  }
  const notify = options.onWalWarning;
  const walAlarm = options.walWarnBytes === undefined || notify === undefined ? undefined : new WalBloatAlarm(options.walWarnBytes, notify);
  return { archiver, walAlarm };
}

function archiveTarget(settings: ArchiveSettings, fileSystem: FileSystem, durability: Durability, defects: DefectSet, segmentSizeBytes: number): ArchiveTarget {
  const destination = settings.destination;
  switch (destination.kind) {
    case 'directory':
      return new DirectoryArchiveTarget(fileSystem, destination.directory, durability, defects, segmentSizeBytes);
    case 'command':
      return new CommandArchiveTarget(destination.command, settings.commandTimeoutMs ?? ARCHIVE_LIMITS.commandTimeoutMs);
    default:
      return assertNever(destination, 'archive destination');
  }
}
