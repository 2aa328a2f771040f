/**
 * Opens the reference engine: resolves options, runs recovery (synchronously,
 * inside this call) and returns a ready engine. This is the library's entry
 * point; the protocol host and the harness call it too.
 */
import { openArchiving, validateArchivingOptions } from '../archive/open-archiving.js';
import { currentTimeline } from '../archive/timeline-history.js';
import { FlushLsnPublisher } from '../cdc/flush-lsn-slot.js';
import type { Engine, EngineOptions } from '../engine-types.js';
import { DEFECT_NAMES, EngineError, SYNC_METHODS } from '../engine-types.js';
import { NodeFileSystem } from '../fs/node-file-system.js';
import { formatLsn } from '../wal/lsn.js';
import { isValidSegmentSize, SEGMENT_SIZE_BYTES_DEFAULT, SegmentGeometry } from '../wal/segment-geometry.js';
import { DefectSet } from './defects.js';
import { Durability, durabilityPolicy } from './durability-policy.js';
import { openFailure, recoverStore } from './recover-store.js';
import { ReferenceEngine } from './reference-engine.js';

/** Default automatic checkpoint distance, in segments of WAL. */
export const CHECKPOINT_SEGMENTS_DEFAULT = 4;

/**
 * Opens (creating when needed) a database directory, recovers it and returns
 * the engine. A corrupt log throws EngineError code 'CORRUPT' whose message and
 * `details` name the segment file and offset; bad options throw 'INVALID_ARGUMENT'.
 *
 * @example
 * const engine = openEngine({ directory: '/var/lib/demo' });
 * await engine.commit(1, [['greeting', 'hello'], ['stale', null]]);
 * engine.get('greeting'); // 'hello'
 * await engine.close();
 */
export function openEngine(options: EngineOptions): Engine {
  const startedMs = performance.now();
  const syncMethod = options.syncMethod ?? 'fdatasync';
  if (!SYNC_METHODS.includes(syncMethod)) {
    throw new EngineError('INVALID_ARGUMENT', `unknown sync method '${String(syncMethod)}' (expected one of ${SYNC_METHODS.join(', ')})`);
  }
  const segmentSizeBytes = options.segmentSizeBytes ?? SEGMENT_SIZE_BYTES_DEFAULT;
  if (!isValidSegmentSize(segmentSizeBytes)) {
    throw new EngineError('INVALID_ARGUMENT', `segment size must be a power of two from 4 KiB to 1 GiB, got ${segmentSizeBytes}`);
  }
  const checkpointWalBytes = options.checkpointWalBytes ?? CHECKPOINT_SEGMENTS_DEFAULT * segmentSizeBytes;
  if (!Number.isSafeInteger(checkpointWalBytes) || checkpointWalBytes <= 0) {
    throw new EngineError('INVALID_ARGUMENT', `checkpointWalBytes must be a positive integer, got ${checkpointWalBytes}`);
  }
  for (const name of options.defects ?? []) {
    if (!DEFECT_NAMES.includes(name)) {
      throw new EngineError('INVALID_ARGUMENT', `unknown defect '${String(name)}' (expected one of ${DEFECT_NAMES.join(', ')})`);
    }
  }
  if (typeof options.directory !== 'string' || options.directory.length === 0) {
    throw new EngineError('INVALID_ARGUMENT', 'directory must be a non-empty path');
  }
  validateArchivingOptions(options);
  const fileSystem = options.fileSystem ?? new NodeFileSystem();
  const defects = new DefectSet(options.defects);
  const durability = new Durability(fileSystem, durabilityPolicy(syncMethod, defects));
  try {
    // A restored store writes the timeline its newest history file names.
    const geometry = new SegmentGeometry(segmentSizeBytes, currentTimeline(fileSystem, options.directory));
    const recovered = recoverStore(fileSystem, options.directory, geometry, durability, defects);
    const engine = new ReferenceEngine({
      fileSystem,
      directory: options.directory,
      geometry,
      durability,
      defects,
      checkpointWalBytes,
      recovered,
      replication: options.replication,
      archiveDirectory: options.archive?.destination.kind === 'directory' ? options.archive.destination.directory : undefined,
      ...openArchiving(options, fileSystem, geometry, durability, defects, recovered.existingSegments, recovered.endLsn),
      ...(options.publishFlushLsn === true ? { flushLsnPublisher: new FlushLsnPublisher(fileSystem, options.directory, recovered.control.storeId) } : {}),
      recovery: {
        outcome: recovered.outcome,
        checkpointLsn: formatLsn(recovered.control.redoLsn),
        endLsn: formatLsn(recovered.endLsn),
        commitsReplayed: recovered.commitsReplayed,
        tornBytesTruncated: recovered.tornBytesTruncated,
        durationMs: Math.round((performance.now() - startedMs) * 1000) / 1000,
      },
    });
    engine.prepareCurrentSegment();
    engine.publishRecoveredEnd();
    return engine;
  } catch (error) {
    throw openFailure(error);
  }
}
