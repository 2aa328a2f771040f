import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TraceRecord } from './trace-record.js';
import { readTrace } from './trace-reader.js';
import { openTraceWriter } from './trace-writer.js';
import { createMemoryTraceSink } from './trace-sink.js';

let directory: string;
beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'unplug-trace-'));
});
afterEach(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

const WRITE: TraceRecord = { kind: 'write', fileId: 1, offsetBytes: 0, data: new Uint8Array(70_000).fill(7), syncMode: 'none' };
const SYNC: TraceRecord = { kind: 'sync', fileId: 1, syncKind: 'fdatasync' };
const ACK: TraceRecord = { kind: 'output', line: '{"id":1,"type":"ack"}' };

describe('openTraceWriter', () => {
  it('writes records that are on disk before close, and counts them', () => {
    const tracePath = path.join(directory, 'trace.bin');
    const writer = openTraceWriter(tracePath);
    writer.append(WRITE);
    writer.append(SYNC);
    // Read before close: nothing may sit in a user-space buffer.
    expect(readTrace(tracePath).records).toEqual([WRITE, SYNC]);
    writer.append(ACK);
    expect(writer.recordCount).toBe(3);
    writer.close();
    expect(readTrace(tracePath)).toMatchObject({ records: [WRITE, SYNC, ACK], tornTailBytes: 0 });
    expect(() => writer.append(ACK)).toThrow(/after close/);
  });

  it('resumes an existing trace, cutting a torn tail first', () => {
    const tracePath = path.join(directory, 'trace.bin');
    const first = openTraceWriter(tracePath);
    first.append(SYNC);
    first.append(WRITE);
    first.close();
    // Simulate a writer killed in the middle of the write record.
    fs.truncateSync(tracePath, fs.statSync(tracePath).size - 1_000);
    expect(readTrace(tracePath).tornTailBytes).toBeGreaterThan(0);
    const second = openTraceWriter(tracePath);
    second.append(ACK);
    second.close();
    expect(second.recordCount).toBe(1);
    expect(readTrace(tracePath)).toMatchObject({ records: [SYNC, ACK], tornTailBytes: 0 });
  });

  it('refuses to append to a file that is not a trace', () => {
    const tracePath = path.join(directory, 'not-a-trace.txt');
    fs.writeFileSync(tracePath, 'hello, this is not a trace');
    expect(() => openTraceWriter(tracePath)).toThrow(/TRACE_BAD_HEADER/);
  });
});

describe('createMemoryTraceSink', () => {
  it('copies write data so that a reused buffer does not change the record', () => {
    const sink = createMemoryTraceSink();
    const buffer = new Uint8Array([1, 2, 3]);
    sink.append({ kind: 'write', fileId: 1, offsetBytes: 0, data: buffer, syncMode: 'none' });
    buffer.fill(9);
    expect(sink.records[0]).toMatchObject({ data: new Uint8Array([1, 2, 3]) });
  });
});
