// The recorder must keep what was written, not the caller's buffer: an engine
// that reuses one scratch buffer for every write (as a pooled encoder would)
// must still get crash states holding the bytes each write carried when it
// returned. Both sinks are checked, the in-memory one (in-process runs) and the
// trace file (child runs), through to the crash states built from them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemFileSystem } from '../../engine/fs/mem-file-system.js';
import { buildCrashStates } from '../crash-state/build-crash-states.js';
import { readTrace } from '../trace/trace-reader.js';
import type { TraceRecord } from '../trace/trace-record.js';
import { createMemoryTraceSink, type TraceSink } from '../trace/trace-sink.js';
import { openTraceWriter } from '../trace/trace-writer.js';
import { RecordingFileSystem } from './recording-file-system.js';

/** Writes three records through ONE reused buffer, syncing after the first two, and leaves the buffer scribbled over. */
function writeWithReusedBuffer(sink: TraceSink): void {
  const recording = new RecordingFileSystem(new MemFileSystem(), { root: '/db', sink });
  recording.mkdirAll('/db');
  const handle = recording.open('/db/wal', { create: true });
  // The file's name is made durable, so a power loss keeps the file and its synced bytes.
  recording.syncDirectory('/db');
  const scratch = new Uint8Array(4);
  for (const [index, fill] of [0x11, 0x22, 0x33].entries()) {
    scratch.fill(fill);
    handle.write(scratch, index * scratch.length);
    if (index === 1) handle.sync('fdatasync');
  }
  scratch.fill(0xee);
  handle.close();
}

/** The file's bytes in the process-crash state after every operation (nothing is lost by a process crash). */
function finalWal(records: readonly TraceRecord[]): Uint8Array | undefined {
  const states = [...buildCrashStates(records, { models: ['process-crash', 'power-loss'], seed: 1 })];
  return states.filter((state) => state.model === 'process-crash').at(-1)?.files.get('wal');
}

const EXPECTED = new Uint8Array([...Array(4).fill(0x11), ...Array(4).fill(0x22), ...Array(4).fill(0x33)]);

describe('a caller that reuses its write buffer', () => {
  let directory: string;
  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-reused-buffer-'));
  });
  afterEach(() => {
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('does not change what the in-memory sink recorded', () => {
    const sink = createMemoryTraceSink();
    writeWithReusedBuffer(sink);
    const writes = sink.records.filter((record) => record.kind === 'write');
    expect(writes.map((record) => record.data[0])).toEqual([0x11, 0x22, 0x33]);
    expect(finalWal(sink.records)).toEqual(EXPECTED);
  });

  it('does not change what the trace file recorded', () => {
    const tracePath = path.join(directory, 'trace.bin');
    const writer = openTraceWriter(tracePath);
    writeWithReusedBuffer(writer);
    writer.close();
    expect(finalWal(readTrace(tracePath).records)).toEqual(EXPECTED);
  });

  it('keeps the synced prefix in the power-loss state after the last write', () => {
    const sink = createMemoryTraceSink();
    writeWithReusedBuffer(sink);
    const states = [...buildCrashStates(sink.records, { models: ['power-loss'], seed: 1 })];
    // Whatever the power-loss state kept of the unsynced third write, the synced first two are the bytes written then.
    expect(states.at(-1)?.files.get('wal')?.subarray(0, 8)).toEqual(EXPECTED.subarray(0, 8));
  });
});
