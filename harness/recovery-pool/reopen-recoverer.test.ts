// Recovering crash states through `reopen` (one long-lived child per job):
// the answers are a fresh start's, a store that keeps state across reopen is
// caught by the fresh-process cross-check, and an engine without the
// capability still gets a fresh child per state.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { CrashState } from '../crash-state/crash-state.js';
import { createReopenRecoverer, ReopenNotEquivalentError, type PooledRecoverer } from './reopen-recoverer.js';
import { InfrastructureError } from '../errors/harness-errors.js';

const STORE = fileURLToPath(new URL('./test-support/reopen-store.mjs', import.meta.url));
const opened: PooledRecoverer[] = [];
afterEach(async () => {
  for (const recoverer of opened.splice(0)) await recoverer.close();
});

/** A crash state holding the reopen store's log with these pairs. */
function stateWith(operationIndex: number, pairs: readonly (readonly [string, string])[]): CrashState {
  const log = pairs.map((pair) => `${JSON.stringify([pair])}\n`).join('');
  return { model: 'power-loss', seed: 1, operationIndex, files: new Map([['log.jsonl', new TextEncoder().encode(log)]]), directories: [], mask: { kind: 'all' } };
}

function recovererFor(command: string, crossCheckOneIn: number, workers = 1): PooledRecoverer {
  const recoverer = createReopenRecoverer({ kind: 'command', command }, { workers, seed: 0, crossCheckOneIn });
  opened.push(recoverer);
  return recoverer;
}

describe('createReopenRecoverer', () => {
  it('recovers state after state in one child, each as a fresh start would', async () => {
    // A cross-check of 1 in 1 compares every reopen with a fresh process: all agree for a correct store.
    const recoverer = recovererFor(`node ${STORE}`, 1);
    const states = [stateWith(1, [['a', '1']]), stateWith(2, [['b', '2']]), stateWith(3, []), stateWith(4, [['a', '3'], ['c', '4']])];
    const results = [];
    for (const state of states) results.push(await recoverer.recover(state));
    expect(results).toEqual([
      { kind: 'recovered', entries: [['a', '1']] },
      { kind: 'recovered', entries: [['b', '2']] },
      { kind: 'recovered', entries: [] },
      { kind: 'recovered', entries: [['a', '3'], ['c', '4']] },
    ]);
    expect(recoverer.stats()).toEqual({ freshStarts: 1, reopens: 3, crossChecks: 3 });
  });

  it('stops with exit-3 ReopenNotEquivalentError, naming the engine and the state, when the store keeps state across reopen', async () => {
    const recoverer = recovererFor(`node ${STORE} --leak`, 1);
    await recoverer.recover(stateWith(1, [['a', '1']]));
    const failure = recoverer.recover(stateWith(7, [['b', '2']]));
    await expect(failure).rejects.toBeInstanceOf(ReopenNotEquivalentError);
    await expect(failure).rejects.toBeInstanceOf(InfrastructureError);
    await expect(failure).rejects.toThrow(/engine 'node .*reopen-store\.mjs --leak': reopen is not equivalent to a fresh start: the power-loss crash state at operation 7 recovered 2 keys .* but 1 keys .* in a fresh process/);
  });

  it('checks a violating state in a fresh process even when the sample skipped it', async () => {
    // Never sampled: only `confirm`, called for states with a violation, compares.
    const recoverer = recovererFor(`node ${STORE} --leak`, Number.MAX_SAFE_INTEGER);
    await recoverer.recover(stateWith(1, [['a', '1']]));
    const state = stateWith(2, [['b', '2']]);
    const leaked = await recoverer.recover(state);
    expect(leaked).toEqual({ kind: 'recovered', entries: [['a', '1'], ['b', '2']] });
    await expect(recoverer.confirm(state, leaked)).rejects.toThrow(/reopen is not equivalent to a fresh start/);
  });

  it('starts a fresh child per state for an engine without the capability', async () => {
    // The reference host, started as a command, does not offer reopen.
    const plain = recovererFor(`node ${fileURLToPath(new URL('../../bin/unplug.js', import.meta.url))} engine`, 1);
    for (const operationIndex of [1, 2, 3]) expect(await plain.recover({ ...stateWith(operationIndex, []), files: new Map() })).toMatchObject({ kind: 'recovered', entries: [] });
    expect(plain.stats()).toEqual({ freshStarts: 3, reopens: 0, crossChecks: 0 });
  });
});
