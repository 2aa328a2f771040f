import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../trace/trace-record.js';
import { buildViolationTimeline } from './violation-timeline.js';

const bytes = new Uint8Array(8);
const records: TraceRecord[] = [
  { kind: 'create', path: 'wal', fileId: 1 },
  { kind: 'sync-directory', path: '.' },
  { kind: 'write', fileId: 1, offsetBytes: 0, data: bytes, syncMode: 'none' },
  { kind: 'sync', fileId: 1, syncKind: 'fdatasync' },
  { kind: 'output', line: '{"id":1,"type":"ack","tx":1,"lsn":"0/8"}' },
  { kind: 'write', fileId: 1, offsetBytes: 8, data: bytes, syncMode: 'none' },
  { kind: 'output', line: '{"id":2,"type":"ack","tx":2,"lsn":"0/10"}' },
  { kind: 'sync', fileId: 1, syncKind: 'fdatasync' },
];

describe('buildViolationTimeline', () => {
  it('marks synced writes as surviving and unsynced ones as lost under power-loss, up to the crash', () => {
    const timeline = buildViolationTimeline(records, 5, 'power-loss');
    expect(timeline.map((event) => [event.kind, event.survived])).toEqual([
      ['create', true],
      ['sync-directory', undefined],
      ['write', true],
      ['sync', undefined],
      ['ack', undefined],
      ['write', false],
      ['ack', undefined],
      ['crash', undefined],
    ]);
    expect(timeline.at(-1)).toMatchObject({ index: 7, detail: 'crash after operation 5 (power-loss)' });
  });

  it('keeps unsynced writes under process-crash and leaves them undecided under partial models', () => {
    expect(buildViolationTimeline(records, 5, 'process-crash').filter((event) => event.kind === 'write').map((event) => event.survived)).toEqual([true, true]);
    expect(buildViolationTimeline(records, 5, 'torn-sectors').filter((event) => event.kind === 'write').map((event) => event.survived)).toEqual([true, undefined]);
  });
});
