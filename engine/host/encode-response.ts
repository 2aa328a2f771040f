/**
 * Writes protocol-v1 responses (format: `protocol.ts`) as single JSON lines.
 * Each response is built field by field so the key order on the wire is fixed
 * by this file, not by however the caller happened to build its object; the
 * golden test pins the exact bytes.
 */
import { assertNever } from '../invariants.js';
import type { Response } from './protocol.js';

/** Encodes one response as a JSON line, without the newline. */
export function encodeResponse(response: Response): string {
  // The hot path, one per commit: a template instead of building an object to
  // stringify. The golden test pins that the bytes are the same; id and tx are
  // safe integers, which JSON prints as String() does.
  if (response.type === 'ack') return `{"id":${response.id},"type":"ack","tx":${response.tx},"lsn":${JSON.stringify(response.lsn)}}`;
  return JSON.stringify(orderedFields(response));
}

function orderedFields(response: Response): Readonly<Record<string, unknown>> {
  switch (response.type) {
    case 'ready': {
      const recovery = response.recovery;
      return {
        type: 'ready',
        lsn: response.lsn,
        recovery: {
          outcome: recovery.outcome,
          checkpointLsn: recovery.checkpointLsn,
          endLsn: recovery.endLsn,
          commitsReplayed: recovery.commitsReplayed,
          tornBytesTruncated: recovery.tornBytesTruncated,
          durationMs: recovery.durationMs,
        },
      };
    }
    case 'fatal':
      return {
        type: 'fatal',
        code: response.code,
        message: response.message,
        ...(response.segment === undefined ? {} : { segment: response.segment }),
        ...(response.offsetBytes === undefined ? {} : { offsetBytes: response.offsetBytes }),
      };
    case 'ack':
      return { id: response.id, type: 'ack', tx: response.tx, lsn: response.lsn };
    case 'error':
      return {
        id: response.id,
        type: 'error',
        ...(response.tx === undefined ? {} : { tx: response.tx }),
        code: response.code,
        message: response.message,
        ...(response.injected === true ? { injected: true } : {}),
      };
    case 'value':
      return { id: response.id, type: 'value', value: response.value };
    case 'dump':
      return { id: response.id, type: 'dump', entries: response.entries, lsn: response.lsn };
    case 'ok':
      return { id: response.id, type: 'ok' };
    case 'status': {
      const archive = response.archive;
      return {
        id: response.id,
        type: 'status',
        timeline: response.timeline,
        endLsn: response.endLsn,
        walBytes: response.walBytes,
        segmentsOnDisk: response.segmentsOnDisk,
        archive:
          archive === null
            ? null
            : {
                destination: archive.destination,
                segmentsWaiting: archive.segmentsWaiting,
                lagBytes: archive.lagBytes,
                lagSeconds: archive.lagSeconds,
                lastArchivedSegment: archive.lastArchivedSegment,
                segmentsArchived: archive.segmentsArchived,
                failuresInARow: archive.failuresInARow,
                lastError: archive.lastError,
              },
        // Replication status is plain data of fixed fields (replication-hook.ts); it goes out as is.
        ...(response.replication === undefined ? {} : { replication: response.replication }),
      };
    }
    case 'promoted':
      return { id: response.id, type: 'promoted', timeline: response.timeline, lsn: response.lsn };
    default:
      return assertNever(response, 'response type');
  }
}
