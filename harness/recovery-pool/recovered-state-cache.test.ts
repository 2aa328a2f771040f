import { describe, expect, it } from 'vitest';
import type { CrashState } from '../crash-state/crash-state.js';
import type { RecoveryResult } from '../oracle/oracle-types.js';
import { RecoveredStateCache } from './recovered-state-cache.js';

const stateOf = (files: Record<string, string>, model: CrashState['model'] = 'power-loss', operationIndex = 0): CrashState => ({
  model,
  seed: 1,
  operationIndex,
  files: new Map(Object.entries(files).map(([path, text]) => [path, new TextEncoder().encode(text)])),
  directories: [],
  mask: { kind: 'none' },
});

/** A recoverer that dumps the state's file names and counts its calls. */
function countingRecoverer() {
  const recovered: string[][] = [];
  const recover = async (state: CrashState): Promise<RecoveryResult> => {
    recovered.push([...state.files.keys()]);
    return { kind: 'recovered', entries: [...state.files.keys()].map((path) => [path, 'x'] as const) };
  };
  return { recovered, recover };
}

describe('RecoveredStateCache', () => {
  it('recovers equal contents once, whatever model or boundary produced them', async () => {
    const { recovered, recover } = countingRecoverer();
    const cache = new RecoveredStateCache(recover);
    const first = cache.recover(stateOf({ log: 'abc' }, 'power-loss', 3));
    const again = cache.recover(stateOf({ log: 'abc' }, 'torn-sectors', 9));
    const other = cache.recover(stateOf({ log: 'abd' }, 'power-loss', 3));
    expect([first.firstSeen, again.firstSeen, other.firstSeen]).toEqual([true, false, true]);
    expect(await again.result).toEqual(await first.result);
    expect(recovered).toEqual([['log'], ['log']]);
  });

  it('forgets the least recently used state beyond its limit', async () => {
    const { recovered, recover } = countingRecoverer();
    const cache = new RecoveredStateCache(recover, 2);
    cache.recover(stateOf({ a: '1' }));
    cache.recover(stateOf({ b: '1' }));
    cache.recover(stateOf({ a: '1' })); // a is now the most recent
    cache.recover(stateOf({ c: '1' })); // forgets b
    expect(cache.recover(stateOf({ a: '1' })).firstSeen).toBe(false);
    expect(cache.recover(stateOf({ b: '1' })).firstSeen).toBe(true);
    await Promise.resolve();
    expect(recovered.length).toBe(4);
  });

  it('does not share a recovery that threw: an equal state tries again', async () => {
    let calls = 0;
    const cache = new RecoveredStateCache(async () => {
      calls += 1;
      if (calls === 1) throw new Error('infrastructure');
      return { kind: 'recovered', entries: [] };
    });
    await expect(cache.recover(stateOf({ a: '1' })).result).rejects.toThrow('infrastructure');
    await expect(cache.recover(stateOf({ a: '1' })).result).resolves.toEqual({ kind: 'recovered', entries: [] });
    expect(calls).toBe(2);
  });
});
