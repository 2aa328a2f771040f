import { describe, expect, it } from 'vitest';
import { EngineError } from '../engine-types.js';
import type { Response } from './protocol.js';
import { runRequest } from './run-request.js';
import { FakeEngine } from './test-support/fake-engine.js';

function collect(): { readonly sent: Response[]; readonly send: (response: Response) => void } {
  const sent: Response[] = [];
  return { sent, send: (response) => sent.push(response) };
}

describe('runRequest', () => {
  it('answers reads at once and returns undefined', () => {
    const engine = new FakeEngine();
    const { sent, send } = collect();
    expect(runRequest(engine, { id: 1, type: 'get', key: 'k' }, send)).toBeUndefined();
    expect(runRequest(engine, { id: 2, type: 'dump' }, send)).toBeUndefined();
    expect(sent).toEqual([
      { type: 'value', id: 1, value: null },
      { type: 'dump', id: 2, entries: [], lsn: '0/0' },
    ]);
  });

  it('answers a commit when the engine settles it, and a read that throws with an error response', async () => {
    const engine = new FakeEngine();
    const { sent, send } = collect();
    const answered = runRequest(engine, { id: 3, type: 'commit', tx: 9, writes: [['k', 'v']] }, send);
    expect(answered).toBeInstanceOf(Promise);
    expect(sent).toEqual([]);
    engine.completeCommits();
    await answered;
    expect(sent).toEqual([{ type: 'ack', id: 3, tx: 9, lsn: '0/0' }]);
    await engine.close();
    runRequest(engine, { id: 4, type: 'get', key: 'k' }, send);
    expect(sent[1]).toMatchObject({ type: 'error', id: 4, code: 'CLOSED' });
    expect(sent[1]).not.toHaveProperty('tx');
  });

  it('turns a rejected commit into an error response carrying its tx', async () => {
    const engine = new FakeEngine();
    engine.failCommit(5, new EngineError('EIO', 'disk on fire', { injected: true }));
    const { sent, send } = collect();
    const answered = runRequest(engine, { id: 6, type: 'commit', tx: 5, writes: [['k', 'v']] }, send);
    engine.completeCommits();
    await answered;
    expect(sent).toEqual([{ type: 'error', id: 6, tx: 5, code: 'EIO', message: 'disk on fire', injected: true }]);
  });
});
