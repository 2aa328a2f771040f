/**
 * A WAL-shaped trace for benchmarks: commits appended to a preallocated
 * segment with an fdatasync per commit group, segment switches, and checkpoints
 * that atomically replace a data file (temp file, sync, rename, directory sync).
 * Recorded for real through the recording decorator on the in-memory file system.
 */
import { MemFileSystem } from '../../../engine/fs/mem-file-system.js';
import { RecordingFileSystem } from '../../shim/recording-file-system.js';
import type { TraceRecord } from '../../trace/trace-record.js';
import { createMemoryTraceSink } from '../../trace/trace-sink.js';

/** Records a WAL-like workload until the trace holds about `operationCount` file-system records. */
export function recordWalLikeTrace(operationCount: number, segmentSizeBytes = 64 * 1024): TraceRecord[] {
  const sink = createMemoryTraceSink();
  const memory = new MemFileSystem();
  memory.mkdirAll('/db');
  const fileSystem = new RecordingFileSystem(memory, { root: '/db', sink });
  fileSystem.mkdirAll('/db/wal');
  fileSystem.syncDirectory('/db');
  const commit = new Uint8Array(120).fill(0x5a);
  let segmentNumber = 0;
  let offsetBytes = segmentSizeBytes;
  let segment = fileSystem.open('/db/wal/0', { create: true });
  for (let commitNumber = 0; sink.records.length < operationCount; commitNumber += 1) {
    if (offsetBytes + commit.byteLength > segmentSizeBytes) {
      segment.close();
      segmentNumber += 1;
      segment = fileSystem.open(`/db/wal/${segmentNumber}`, { create: true });
      segment.write(new Uint8Array(segmentSizeBytes), 0); // preallocate
      segment.sync('fsync');
      fileSystem.syncDirectory('/db/wal');
      offsetBytes = 0;
    }
    segment.write(commit, offsetBytes);
    offsetBytes += commit.byteLength;
    if (commitNumber % 2 === 1) segment.sync('fdatasync');
    if (commitNumber % 50 === 49) {
      const temporary = fileSystem.open('/db/data.tmp', { create: true, truncate: true });
      temporary.write(new Uint8Array(2048).fill(commitNumber % 251), 0);
      temporary.sync('fsync');
      temporary.close();
      fileSystem.rename('/db/data.tmp', '/db/data');
      fileSystem.syncDirectory('/db');
    }
  }
  segment.close();
  return [...sink.records];
}
