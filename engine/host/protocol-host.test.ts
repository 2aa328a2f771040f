import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../engine-types.js';
import { serveProtocol, type ServeProtocolOptions } from './protocol-host.js';
import { FakeEngine } from './test-support/fake-engine.js';

/** A host session over a fake engine, with its input stream and the lines it wrote. */
function startSession(engine: FakeEngine, options: ServeProtocolOptions = {}) {
  const input = new PassThrough();
  const lines: string[] = [];
  const served = serveProtocol(engine, input, (line) => lines.push(line), options);
  const send = (...requests: readonly (object | string)[]): void => {
    input.write(requests.map((request) => (typeof request === 'string' ? request : JSON.stringify(request))).join('\n') + '\n');
  };
  const responses = (): unknown[] => lines.map((line) => JSON.parse(line) as unknown);
  return { input, lines, served, send, responses };
}

async function waitUntil(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 1000 && !condition(); attempt += 1) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}

const commit = (id: number, tx: number, writes: readonly (readonly [string, string | null])[]) => ({ id, type: 'commit', tx, writes });

describe('serveProtocol with a fake engine', () => {
  it('reads on while commits are pending, and acks each only when it completes, in any order', async () => {
    const engine = new FakeEngine();
    const session = startSession(engine);
    session.send(commit(1, 10, [['a', '1']]), commit(2, 11, [['b', '2']]), commit(3, 12, [['a', null]]));
    // All three reached the engine although none has completed: the host did not wait.
    await waitUntil(() => engine.pendingCommitCount() === 3);
    expect(session.lines).toEqual([]);
    engine.completeCommits('reverse');
    await waitUntil(() => session.lines.length === 3);
    expect(session.responses()).toEqual([
      { id: 3, type: 'ack', tx: 12, lsn: '0/0' },
      { id: 2, type: 'ack', tx: 11, lsn: '0/18' },
      { id: 1, type: 'ack', tx: 10, lsn: '0/30' },
    ]);
    session.send({ id: 4, type: 'close' });
    await expect(session.served).resolves.toEqual({ endedBy: 'close-request', responsesWritten: 4 });
  });

  it('answers get and dump at once, even while commits are pending', async () => {
    const engine = new FakeEngine();
    const session = startSession(engine);
    session.send(commit(1, 1, [['k', 'v']]));
    await waitUntil(() => engine.pendingCommitCount() === 1);
    engine.completeCommits();
    await waitUntil(() => session.lines.length === 1);
    session.send(commit(2, 2, [['k', 'w']]), { id: 3, type: 'get', key: 'k' }, { id: 4, type: 'get', key: 'missing' }, { id: 5, type: 'dump' });
    await waitUntil(() => session.lines.length === 4);
    expect(session.responses().slice(1)).toEqual([
      { id: 3, type: 'value', value: 'v' },
      { id: 4, type: 'value', value: null },
      { id: 5, type: 'dump', entries: [['k', 'v']], lsn: '0/18' },
    ]);
    session.send({ id: 6, type: 'checkpoint' }, { id: 7, type: 'close' });
    await session.served;
    // Close flushed the pending commit: its ack precedes the close's ok.
    expect(session.responses().slice(4)).toEqual([{ id: 6, type: 'ok' }, { id: 2, type: 'ack', tx: 2, lsn: '0/18' }, { id: 7, type: 'ok' }]);
  });

  it("answers a failed commit with the engine's code, the tx and the injected label", async () => {
    const engine = new FakeEngine({ completeCommitsAutomatically: true });
    engine.failCommit(5, new EngineError('EIO', 'injected EIO: fdatasync of the WAL', { injected: true }));
    engine.failCommit(6, new EngineError('POISONED', 'an earlier sync failed'));
    const session = startSession(engine);
    session.send(commit(1, 5, [['a', '1']]), commit(2, 6, [['a', '2']]));
    await waitUntil(() => session.lines.length === 2);
    expect(session.responses()).toEqual([
      { id: 1, type: 'error', tx: 5, code: 'EIO', message: 'injected EIO: fdatasync of the WAL', injected: true },
      { id: 2, type: 'error', tx: 6, code: 'POISONED', message: 'an earlier sync failed' },
    ]);
    session.input.end();
    await session.served;
  });

  it('never dies on bad input: each bad line gets an error, and a later commit is acked', async () => {
    const engine = new FakeEngine({ completeCommitsAutomatically: true });
    const session = startSession(engine, { lineSizeBytesMax: 256 });
    session.send('not json', '', '   ', '{"id":1,"type":"fly"}', '{"id":2,"type":"commit","tx":3,"writes":[["k"]]}', 'x'.repeat(1000));
    session.input.write(Buffer.from([0xff, 0x0a]));
    session.send(commit(4, 4, [['k', 'v']]));
    await waitUntil(() => session.lines.length === 6);
    const responses = session.responses() as { id: unknown; type: string; code?: string; message?: string }[];
    expect(responses.map((response) => [response.id, response.type, response.code])).toEqual([
      [null, 'error', 'BAD_REQUEST'],
      [1, 'error', 'BAD_REQUEST'],
      [2, 'error', 'BAD_REQUEST'],
      [null, 'error', 'LINE_TOO_LONG'],
      [null, 'error', 'BAD_REQUEST'],
      [4, 'ack', undefined],
    ]);
    expect(responses[0]?.message).toMatch(/not JSON/);
    expect(responses[1]?.message).toMatch(/unknown request type "fly"/);
    expect(responses[2]).toMatchObject({ tx: 3, message: expect.stringMatching(/writes\[0\] must be a \[key, value\] pair/) });
    expect(responses[4]?.message).toMatch(/not valid UTF-8/);
    session.input.end();
    await session.served;
  });

  it('refuses an id already in flight without answering under that id', async () => {
    const engine = new FakeEngine();
    const session = startSession(engine);
    session.send(commit(1, 1, [['a', '1']]), commit(1, 2, [['b', '2']]));
    await waitUntil(() => session.lines.length === 1);
    expect(session.responses()).toEqual([{ id: null, type: 'error', tx: 2, code: 'BAD_REQUEST', message: 'id 1 is already in flight; ids must be unique among pending requests' }]);
    expect(engine.commitCalls).toEqual([1]);
    session.input.end();
    await session.served;
  });

  it('on close: flushes, answers ok last, refuses later requests, closes the engine', async () => {
    const engine = new FakeEngine();
    const session = startSession(engine);
    session.send(commit(1, 1, [['a', '1']]), { id: 2, type: 'close' }, commit(3, 3, [['b', '2']]), { id: 4, type: 'get', key: 'a' });
    const outcome = await session.served;
    expect(outcome.endedBy).toBe('close-request');
    expect(engine.isClosed()).toBe(true);
    expect(engine.commitCalls).toEqual([1]);
    expect(session.responses()).toEqual([
      { id: 3, type: 'error', tx: 3, code: 'CLOSED', message: 'the host is closing: requests after close are not served' },
      { id: 4, type: 'error', code: 'CLOSED', message: 'the host is closing: requests after close are not served' },
      { id: 1, type: 'ack', tx: 1, lsn: '0/0' },
      { id: 2, type: 'ok' },
    ]);
  });

  it('on close: waits for a slow checkpoint before answering ok', async () => {
    const engine = new FakeEngine();
    engine.checkpoint = () => new Promise((resolve) => setTimeout(resolve, 20));
    const session = startSession(engine);
    session.send({ id: 1, type: 'checkpoint' }, { id: 2, type: 'close' });
    await session.served;
    expect(session.responses()).toEqual([{ id: 1, type: 'ok' }, { id: 2, type: 'ok' }]);
  });

  it('on end of input: serves a final unterminated line, acks pending commits, closes the engine', async () => {
    const engine = new FakeEngine();
    const session = startSession(engine);
    session.send(commit(1, 1, [['a', '1']]));
    session.input.end(JSON.stringify(commit(2, 2, [['b', '2']])));
    const outcome = await session.served;
    expect(outcome).toEqual({ endedBy: 'end-of-input', responsesWritten: 2 });
    expect(engine.isClosed()).toBe(true);
    expect(session.responses()).toEqual([
      { id: 1, type: 'ack', tx: 1, lsn: '0/0' },
      { id: 2, type: 'ack', tx: 2, lsn: '0/18' },
    ]);
  });

  it('applies back-pressure: never more requests in flight than the limit', async () => {
    const engine = new FakeEngine();
    const session = startSession(engine, { inFlightRequestsMax: 2 });
    session.send(...Array.from({ length: 7 }, (_, index) => commit(index, index, [[`k${index}`, 'v']])));
    await waitUntil(() => engine.pendingCommitCount() === 2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(engine.commitCalls).toEqual([0, 1]);
    expect(session.input.isPaused()).toBe(true);
    for (let round = 0; round < 3; round += 1) {
      engine.completeCommits();
      await waitUntil(() => engine.pendingCommitCount() > 0 || engine.commitCalls.length === 7);
      expect(engine.pendingCommitCount()).toBeLessThanOrEqual(2);
    }
    engine.completeCommits();
    await waitUntil(() => session.lines.length === 7);
    expect(engine.commitCalls).toEqual([0, 1, 2, 3, 4, 5, 6]);
    session.input.end();
    await session.served;
  });

  it('reports a failed close to the client and in the outcome', async () => {
    const engine = new FakeEngine();
    engine.close = () => Promise.reject(new EngineError('EIO', 'final flush failed'));
    const session = startSession(engine);
    session.send({ id: 9, type: 'close' });
    const outcome = await session.served;
    expect(outcome.closeFailure).toEqual({ code: 'EIO', message: 'final flush failed' });
    expect(session.responses()).toEqual([{ id: 9, type: 'error', code: 'EIO', message: 'final flush failed' }]);
  });

  it('answers an engine that throws instead of rejecting, and an unknown failure, as errors', async () => {
    const engine = new FakeEngine();
    engine.commit = () => {
      throw new TypeError('boom');
    };
    engine.get = () => {
      throw new EngineError('CLOSED', 'closed');
    };
    const session = startSession(engine);
    session.send(commit(1, 1, [['a', '1']]), { id: 2, type: 'get', key: 'a' });
    await waitUntil(() => session.lines.length === 2);
    expect(session.responses()).toEqual([
      { id: 2, type: 'error', code: 'CLOSED', message: 'closed' },
      { id: 1, type: 'error', tx: 1, code: 'INTERNAL', message: 'TypeError: boom' },
    ]);
    session.input.end();
    await session.served;
  });

  it('rejects when the client is gone (a write fails), after closing the engine', async () => {
    const engine = new FakeEngine({ completeCommitsAutomatically: true });
    const input = new PassThrough();
    const served = serveProtocol(engine, input, () => {
      throw Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    });
    input.write(`${JSON.stringify(commit(1, 1, [['a', '1']]))}\n`);
    await expect(served).rejects.toThrow('EPIPE');
    expect(engine.isClosed()).toBe(true);
  });
});
