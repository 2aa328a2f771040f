/**
 * Which rule lost a commit, read from crash states the builder made: a file
 * whose directory entry was never synced, a file whose data was never synced,
 * both at once (the value decides), and a state that lost nothing.
 */
import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../trace/trace-record.js';
import { explainLoss } from './loss-rule.js';
import { stateAfter } from './test-support/build-at-end.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A log in a directory made at start; `syncs` says which syncs the engine does. */
function logTrace(syncs: { readonly directories: boolean; readonly data: boolean }, value = 'value of 1'): TraceRecord[] {
  return [
    { kind: 'mkdir', path: 'log.d' },
    ...(syncs.directories ? [{ kind: 'sync-directory', path: '.' } as const] : []),
    { kind: 'create', path: 'log.d/commits.log', fileId: 1 },
    { kind: 'open', path: 'log.d/commits.log', fileId: 1, syncMode: 'none' },
    ...(syncs.directories ? [{ kind: 'sync-directory', path: 'log.d' } as const] : []),
    { kind: 'write', fileId: 1, offsetBytes: 0, data: bytes(`{"k1":"${value}"}\n`), syncMode: 'none' },
    ...(syncs.data ? [{ kind: 'sync', fileId: 1, syncKind: 'fdatasync' } as const] : []),
    { kind: 'output', line: '{"id":1,"type":"ack","tx":1,"lsn":"0/1"}' },
  ];
}

describe('explainLoss', () => {
  it('names a directory entry never synced when the file holding the value is unreachable', () => {
    const state = stateAfter(logTrace({ directories: false, data: true }), 'power-loss');
    const rule = explainLoss(state, { expectedValue: 'value of 1' });
    expect(rule?.rules).toEqual(['directory-entry-never-synced']);
    expect(rule?.paths).toEqual(['log.d/commits.log']);
    expect(rule?.description).toBe('a directory entry never synced (log.d/commits.log; strict POSIX)');
  });

  it('names data never synced when the file is there without the value', () => {
    const state = stateAfter(logTrace({ directories: true, data: false }), 'power-loss');
    expect(explainLoss(state, { expectedValue: 'value of 1' })?.rules).toEqual(['data-never-synced']);
  });

  it('under ext4-ordered the same unsynced directories are kept by the data sync: nothing lost', () => {
    const state = stateAfter(logTrace({ directories: false, data: true }), 'power-loss', 1, undefined, { metadata: 'ext4-ordered' });
    expect(state.metadata).toBe('ext4-ordered');
    expect(explainLoss(state, { expectedValue: 'value of 1' })).toBeUndefined();
  });

  it('a state that kept everything lost nothing (process crash)', () => {
    expect(explainLoss(stateAfter(logTrace({ directories: false, data: false }), 'process-crash'), { expectedValue: 'value of 1' })).toBeUndefined();
  });

  it('with work lost by both rules, the file holding the value decides; without a value both are named', () => {
    const records: TraceRecord[] = [
      ...logTrace({ directories: true, data: true }),
      { kind: 'create', path: 'other.log', fileId: 2 },
      { kind: 'open', path: 'other.log', fileId: 2, syncMode: 'none' },
      { kind: 'write', fileId: 2, offsetBytes: 0, data: bytes('value of 2'), syncMode: 'none' },
      { kind: 'sync', fileId: 2, syncKind: 'fsync' },
      { kind: 'write', fileId: 1, offsetBytes: 17, data: bytes('{"k3":"value of 3"}\n'), syncMode: 'none' },
    ];
    const state = stateAfter(records, 'power-loss');
    expect(explainLoss(state, { expectedValue: 'value of 2' })?.rules).toEqual(['directory-entry-never-synced']);
    expect(explainLoss(state, { expectedValue: 'value of 3' })?.rules).toEqual(['data-never-synced']);
    // A synced value still in the state is not what was lost: no file is chosen by it, so both rules are named.
    expect(explainLoss(state, { expectedValue: null })?.rules).toEqual(['data-never-synced', 'directory-entry-never-synced']);
  });

  it('finds a long value by the part the oracle kept of it', () => {
    const long = 'x'.repeat(100);
    const state = stateAfter(logTrace({ directories: false, data: true }, long), 'power-loss');
    expect(explainLoss(state, { expectedValue: `${long.slice(0, 80)}...(100 bytes)` })?.paths).toEqual(['log.d/commits.log']);
  });
});

describe('explainLoss, removals', () => {
  it('names a directory entry never synced for a file removed from the live directory but kept by the state (a rollback journal\'s unlink)', () => {
    const records: TraceRecord[] = [
      { kind: 'create', path: 'store.db-journal', fileId: 1 },
      { kind: 'open', path: 'store.db-journal', fileId: 1, syncMode: 'none' },
      { kind: 'write', fileId: 1, offsetBytes: 0, data: bytes('old page'), syncMode: 'none' },
      { kind: 'sync', fileId: 1, syncKind: 'fsync' },
      { kind: 'sync-directory', path: '.' },
      { kind: 'remove', path: 'store.db-journal' },
    ];
    const rule = explainLoss(stateAfter(records, 'power-loss'), { expectedValue: 'value of 1' });
    expect(rule?.rules).toEqual(['directory-entry-never-synced']);
    expect(rule?.paths).toEqual(['store.db-journal']);
  });
});
