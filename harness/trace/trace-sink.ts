/**
 * Where recorded operations go: the trace file writer, or an in-memory list
 * (in-process exploration and tests). The recording decorator depends only on
 * this narrow interface.
 */
import type { TraceRecord } from './trace-record.js';
import { isSharedZeros } from '../../engine/fs/shared-zeros.js';

/** Receives trace records in order. `append` returns only once the record is safe from a SIGKILL. */
export interface TraceSink {
  /** Appends one record. */
  append(record: TraceRecord): void;
}

/** A sink that keeps records in memory. */
export interface MemoryTraceSink extends TraceSink {
  /** The records appended so far, in order. */
  readonly records: readonly TraceRecord[];
}

/** The largest number of records a memory sink holds: a runaway loop fails loudly instead of exhausting memory. */
export const MAX_MEMORY_TRACE_RECORDS = 10_000_000;

/** A sink that keeps copies of the records in memory (write data is copied: callers may reuse their buffers). */
export function createMemoryTraceSink(): MemoryTraceSink {
  const records: TraceRecord[] = [];
  return {
    records,
    append(record: TraceRecord): void {
      if (records.length >= MAX_MEMORY_TRACE_RECORDS) throw new RangeError(`trace: the memory sink is full (${MAX_MEMORY_TRACE_RECORDS} records)`);
      // Shared zeros (a preallocation) are never written to: a view is as good as a copy.
      records.push(record.kind === 'write' && !isSharedZeros(record.data) ? { ...record, data: record.data.slice() } : record);
    },
  };
}
