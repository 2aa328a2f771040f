// The adapter kit serves a plain in-memory store over protocol v1, in process:
// framing, ids, errors and limits come from the reference host.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AdapterError, type AdapterStore } from './adapter-store.js';
import { readDirectoryArgument, serveProtocol } from './serve-store.js';

/** A store keeping its entries in a Map; `failNextCommit` makes the next commit fail with that error. */
function mapStore(): AdapterStore & { failNextCommit?: Error; readonly calls: string[] } {
  const entries = new Map<string, string>();
  const calls: string[] = [];
  const store: AdapterStore & { failNextCommit?: Error; readonly calls: string[] } = {
    calls,
    open: (directory) => {
      calls.push(`open ${directory}`);
      return { recovery: { outcome: 'clean', commitsReplayed: 4 } };
    },
    async commit(tx, writes) {
      calls.push(`commit ${tx}`);
      await new Promise((resolve) => setImmediate(resolve));
      const failure = store.failNextCommit;
      store.failNextCommit = undefined;
      if (failure !== undefined) throw failure;
      for (const [key, value] of writes) {
        if (value === null) entries.delete(key);
        else entries.set(key, value);
      }
    },
    get: (key) => entries.get(key),
    dump: () => entries,
    close: () => {
      calls.push('close');
    },
  };
  return store;
}

/** Serves `store` over the given request lines; returns the exit code and the parsed response lines. */
async function session(store: AdapterStore, requests: readonly string[], argv: readonly string[] = ['--dir', '/data/x']): Promise<{ exitCode: number; responses: Record<string, unknown>[] }> {
  const input = new PassThrough();
  const lines: string[] = [];
  const served = serveProtocol(store, { argv, input, writeLine: (line) => lines.push(line), exit: false });
  input.end(requests.map((request) => `${request}\n`).join(''));
  const exitCode = await served;
  return { exitCode, responses: lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('serveProtocol (adapter kit)', () => {
  it('opens the store at --dir, prints ready with its recovery, answers in order and closes', async () => {
    const store = mapStore();
    const { exitCode, responses } = await session(store, [
      '{"id":1,"type":"commit","tx":5,"writes":[["b","2"],["a","1"]]}',
      '{"id":2,"type":"get","key":"a"}',
      '{"id":3,"type":"dump"}',
      '{"id":4,"type":"checkpoint"}',
      '{"id":5,"type":"close"}',
      '{"id":6,"type":"get","key":"a"}',
    ]);
    expect(exitCode).toBe(0);
    expect(responses[0]).toMatchObject({ type: 'ready', lsn: '0/0', recovery: { outcome: 'clean', commitsReplayed: 4, tornBytesTruncated: 0, checkpointLsn: '0/0' } });
    expect(responses.slice(1)).toEqual([
      { id: 1, type: 'ack', tx: 5, lsn: '0/1' },
      { id: 2, type: 'value', value: '1' },
      { id: 3, type: 'dump', entries: [['a', '1'], ['b', '2']], lsn: '0/1' },
      { id: 4, type: 'ok' },
      { id: 5, type: 'ok' },
      { id: 6, type: 'error', code: 'CLOSED', message: expect.stringContaining('closing') },
    ]);
    expect(store.calls).toEqual(['open /data/x', 'commit 5', 'close']);
  });

  it('answers malformed lines as the reference host does, and keeps serving', async () => {
    const { responses } = await session(mapStore(), ['not json', '{"id":1,"type":"commit","tx":1,"writes":[["k",7]]}', '{"id":2,"type":"frobnicate"}', '{"id":3,"type":"get","key":"k"}']);
    expect(responses.slice(1)).toEqual([
      { id: null, type: 'error', code: 'BAD_REQUEST', message: expect.stringContaining('not JSON') },
      { id: 1, type: 'error', tx: 1, code: 'BAD_REQUEST', message: expect.stringContaining('writes[0][1] (the value) must be a string') },
      { id: 2, type: 'error', code: 'BAD_REQUEST', message: expect.stringContaining('unknown request type') },
      { id: 3, type: 'value', value: null },
    ]);
  });

  it('keeps the code of a failed commit (EIO, injected) and makes an unknown failure INTERNAL', async () => {
    const store = mapStore();
    const injected = Object.assign(new Error('EIO: i/o error, fdatasync (injected by the unplug shim)'), { code: 'EIO', injected: true });
    const input = new PassThrough();
    const lines: string[] = [];
    const served = serveProtocol(store, { argv: ['--dir=/d'], input, writeLine: (line) => lines.push(line), exit: false });
    store.failNextCommit = injected;
    input.write('{"id":1,"type":"commit","tx":1,"writes":[["k","v"]]}\n');
    // The second failure is armed only once the first commit was answered (ready, then its error): a fixed sleep lost that race under load.
    for (let waitedMs = 0; lines.length < 2 && waitedMs < 10_000; waitedMs += 5) await new Promise((resolve) => setTimeout(resolve, 5));
    store.failNextCommit = new RangeError('oops');
    input.end('{"id":2,"type":"commit","tx":2,"writes":[["k","v"]]}\n{"id":3,"type":"dump"}\n');
    expect(await served).toBe(0);
    const responses = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(responses.slice(1)).toEqual([
      { id: 1, type: 'error', tx: 1, code: 'EIO', message: injected.message, injected: true },
      { id: 2, type: 'error', tx: 2, code: 'INTERNAL', message: 'RangeError: oops' },
      { id: 3, type: 'dump', entries: [], lsn: '0/0' },
    ]);
  });

  it('prints fatal with the store\'s code when open refuses the directory, and exits 1', async () => {
    const store = { ...mapStore(), open: () => { throw new AdapterError('CORRUPT', 'log line 3 is not JSON'); } };
    expect(await session(store, [])).toEqual({ exitCode: 1, responses: [{ type: 'fatal', code: 'CORRUPT', message: 'log line 3 is not JSON' }] });
  });

  it('prints a fatal USAGE line and exits 2 without --dir', async () => {
    expect(await session(mapStore(), [], ['--fsync'])).toEqual({ exitCode: 2, responses: [{ type: 'fatal', code: 'USAGE', message: 'usage: <adapter> --dir <path>' }] });
    expect(readDirectoryArgument(['--dir', ''])).toBeUndefined();
    expect(readDirectoryArgument(['x', '--dir', 'd'])).toBe('d');
  });

  it('serves a store whose every method is asynchronous, one call at a time, in request order', async () => {
    const log: string[] = [];
    let pending = 0;
    const later = async <T>(what: string, value: T): Promise<T> => {
      pending += 1;
      log.push(`${what} start (${pending} pending)`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      pending -= 1;
      return value;
    };
    const entries = new Map<string, string>();
    const store: AdapterStore = {
      open: () => later('open', undefined),
      commit: async (_tx, writes) => {
        for (const [key, value] of writes) if (value !== null) entries.set(key, value);
        await later('commit', undefined);
      },
      get: (key) => later('get', entries.get(key)),
      dump: () => later('dump', new Map(entries)),
      checkpoint: () => later('checkpoint', undefined),
      close: () => later('close', undefined),
    };
    const { exitCode, responses } = await session(store, [
      '{"id":1,"type":"commit","tx":1,"writes":[["z","1"]]}',
      '{"id":2,"type":"get","key":"z"}',
      '{"id":3,"type":"commit","tx":2,"writes":[["a","2"]]}',
      '{"id":4,"type":"dump"}',
      '{"id":5,"type":"checkpoint"}',
    ]);
    expect(exitCode).toBe(0);
    expect(responses.slice(1).map((response) => response['id'])).toEqual([1, 2, 3, 4, 5]);
    expect(responses[2]).toEqual({ id: 2, type: 'value', value: '1' });
    expect(responses[4]).toEqual({ id: 4, type: 'dump', entries: [['a', '2'], ['z', '1']], lsn: '0/2' });
    // Never two calls at once; the end of input closes the store.
    expect(log).toEqual(['open', 'commit', 'get', 'commit', 'dump', 'checkpoint', 'close'].map((what) => `${what} start (1 pending)`));
  });

  it('answers an over-long line with LINE_TOO_LONG and goes on', async () => {
    const store = mapStore();
    const input = new PassThrough();
    const lines: string[] = [];
    const served = serveProtocol(store, { argv: ['--dir', '/d'], input, writeLine: (line) => lines.push(line), exit: false });
    input.end(`{"id":1,"type":"get","key":"${'k'.repeat(9 * 1024 * 1024)}"}\n{"id":2,"type":"get","key":"k"}\n`);
    expect(await served).toBe(0);
    expect(lines.slice(1).map((line) => JSON.parse(line) as unknown)).toEqual([
      { id: null, type: 'error', code: 'LINE_TOO_LONG', message: 'request line is longer than the limit of 8388608 bytes; skipped' },
      { id: 2, type: 'value', value: null },
    ]);
  });

  it('with reopen: lists the capability, closes the store and opens the next directory in place, and serves only close after a refusal', async () => {
    const store = mapStore();
    let refuse = false;
    const reopening: AdapterStore = { ...store, open: (directory) => (refuse ? Promise.reject(new AdapterError('CORRUPT', `cannot read ${directory}`)) : store.open(directory)) };
    const input = new PassThrough();
    const lines: string[] = [];
    const served = serveProtocol(reopening, { argv: ['--dir', '/d/1'], input, writeLine: (line) => lines.push(line), exit: false, reopen: true });
    input.write('{"id":1,"type":"reopen","dir":"/d/2"}\n{"id":2,"type":"dump"}\n');
    await new Promise((resolve) => setTimeout(resolve, 20));
    refuse = true;
    input.end('{"id":3,"type":"reopen","dir":"/d/3"}\n{"id":4,"type":"get","key":"a"}\n{"id":5,"type":"reopen"}\n{"id":6,"type":"close"}\n');
    expect(await served).toBe(0);
    const responses = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(responses[0]).toMatchObject({ type: 'ready', capabilities: ['reopen'] });
    expect(responses.slice(1)).toEqual([
      { id: 1, type: 'ready', lsn: '0/0', recovery: expect.objectContaining({ outcome: 'clean', commitsReplayed: 4 }) },
      { id: 2, type: 'dump', entries: [], lsn: '0/0' },
      { id: 3, type: 'fatal', code: 'CORRUPT', message: 'cannot read /d/3' },
      { id: 4, type: 'error', code: 'CLOSED', message: 'no store is open: the last reopen failed' },
      { id: 5, type: 'error', code: 'BAD_REQUEST', message: 'a reopen request needs a non-empty string "dir", got none' },
      { id: 6, type: 'ok' },
    ]);
    expect(store.calls).toEqual(['open /d/1', 'close', 'open /d/2', 'close']);
  });

  it('without reopen: lists no capability and answers a reopen request as an unknown type', async () => {
    const { responses } = await session(mapStore(), ['{"id":1,"type":"reopen","dir":"/d/2"}']);
    expect(responses[0]).not.toHaveProperty('capabilities');
    expect(responses[1]).toEqual({ id: 1, type: 'error', code: 'BAD_REQUEST', message: expect.stringContaining('unknown request type') });
  });
});
