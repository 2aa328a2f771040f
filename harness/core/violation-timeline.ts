/**
 * The timeline of a violating run for the HTML report: the trace's writes,
 * syncs, directory operations, acks and faults up to the crash point, then the
 * crash itself. A write or directory operation is marked as surviving when it
 * was durable at the crash (synced, or O_DSYNC), as lost when it was not and
 * the model drops unsynced work, and left unmarked when the model kept part of
 * the unsynced work (the mask says which).
 */
import type { TimelineEvent } from '../../reports/report-types.js';
import type { CrashModel } from '../crash-state/crash-models.js';
import { assertNever } from '../../engine/invariants.js';
import type { TraceRecord } from '../trace/trace-record.js';
import { isOperationRecord, parseOutputEvent } from './trace-boundaries.js';

/** Events kept: the last ones before the crash point, where the story is. */
export const TIMELINE_EVENTS_MAX = 300;

/** What happens to unsynced work under each model, when the model decides it wholesale. */
function unsyncedFate(model: CrashModel): boolean | undefined {
  if (model === 'process-crash') return true;
  if (model === 'power-loss' || model === 'bitrot') return false;
  return undefined;
}

/** The timeline of `records` up to the crash at `boundary` under `model`. */
export function buildViolationTimeline(records: readonly TraceRecord[], boundary: number, model: CrashModel): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  /** Indexes (into `events`) of each file's writes not yet synced. */
  const unsyncedWrites = new Map<number, number[]>();
  const unsyncedEntries: number[] = [];
  const pathOf = new Map<number, string>();
  let operations = 0;
  let crashIndex = records.length;
  for (const [index, record] of records.entries()) {
    if (isOperationRecord(record)) {
      if (operations === boundary) {
        crashIndex = index;
        break;
      }
      operations += 1;
    }
    switch (record.kind) {
      case 'create':
      case 'open':
        pathOf.set(record.fileId, record.path);
        if (record.kind === 'create') unsyncedEntries.push(events.push({ index, kind: 'create', path: record.path, detail: `create ${record.path}` }) - 1);
        break;
      case 'write': {
        const position = events.push({ index, kind: 'write', path: pathOf.get(record.fileId) ?? `file ${record.fileId}`, detail: `${record.data.byteLength} bytes at ${record.offsetBytes}${record.syncMode === 'none' ? '' : ` (${record.syncMode})`}` }) - 1;
        if (record.syncMode === 'none') unsyncedWrites.set(record.fileId, [...(unsyncedWrites.get(record.fileId) ?? []), position]);
        else events[position] = { ...(events[position] as TimelineEvent), survived: true };
        break;
      }
      case 'truncate':
        events.push({ index, kind: 'truncate', path: pathOf.get(record.fileId) ?? `file ${record.fileId}`, detail: `truncate to ${record.sizeBytes} bytes` });
        break;
      case 'sync':
        for (const position of unsyncedWrites.get(record.fileId) ?? []) events[position] = { ...(events[position] as TimelineEvent), survived: true };
        unsyncedWrites.delete(record.fileId);
        events.push({ index, kind: 'sync', path: pathOf.get(record.fileId) ?? `file ${record.fileId}`, detail: record.syncKind });
        break;
      case 'sync-directory':
        for (const position of unsyncedEntries.splice(0)) events[position] = { ...(events[position] as TimelineEvent), survived: true };
        events.push({ index, kind: 'sync-directory', path: record.path, detail: `sync directory ${record.path}` });
        break;
      case 'rename':
        unsyncedEntries.push(events.push({ index, kind: 'rename', path: record.targetPath, detail: `rename ${record.sourcePath} -> ${record.targetPath}` }) - 1);
        break;
      case 'remove':
        unsyncedEntries.push(events.push({ index, kind: 'remove', path: record.path, detail: `remove ${record.path}` }) - 1);
        break;
      case 'mkdir':
        events.push({ index, kind: 'mkdir', path: record.path, detail: `mkdir ${record.path}` });
        break;
      case 'output': {
        const event = parseOutputEvent(record.line);
        if (event?.kind === 'ack') events.push({ index, kind: 'ack', detail: `tx ${event.tx} at ${event.lsn}` });
        break;
      }
      case 'fault':
        events.push({ index, kind: 'fault', path: record.path, detail: `injected ${record.fault} on ${record.operation}` });
        break;
      default:
        assertNever(record, 'trace record');
    }
  }
  const fate = unsyncedFate(model);
  const marked = events.map((event) => (event.survived === undefined && fate !== undefined && ['write', 'create', 'rename', 'remove'].includes(event.kind) ? { ...event, survived: fate } : event));
  marked.push({ index: crashIndex, kind: 'crash', detail: `crash after operation ${boundary} (${model})` });
  return marked.slice(-TIMELINE_EVENTS_MAX);
}
