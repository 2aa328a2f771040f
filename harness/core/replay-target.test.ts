import { describe, expect, it } from 'vitest';
import { formatReplayCommand, parseReplayTarget, ReplayTargetError, type ReplayTarget } from './replay-target.js';

/** The flag values of a printed replay line, as `node:util.parseArgs` would hand them over. */
function valuesOf(line: string): Record<string, string> {
  const words = line.split(' ').slice(2);
  const values: Record<string, string> = {};
  for (let index = 0; index < words.length; index += 2) values[(words[index] ?? '').replace(/^--/, '')] = (words[index + 1] ?? '').replace(/^'|'$/g, '');
  return values;
}

describe('replay target', () => {
  const explore: ReplayTarget = { mode: 'explore', scenario: 'defect-skip-checksum', seed: 5, path: '0:1:2', boundary: 8, model: 'power-loss-prefix', mask: 'prefix:0:58' };
  const chained: ReplayTarget = { ...explore, recovery: { boundary: 3, model: 'torn-sectors', mask: 'none' } };
  const live: ReplayTarget = { mode: 'live', scenario: 'baseline-live', seed: 7, run: 3, cycle: 1 };
  const timed: ReplayTarget = { ...live, cycle: 2, kills: [[0, 37], [2, 15]] };

  it('formats each mode as one replay line and parses it back to the same target', () => {
    expect(formatReplayCommand(explore)).toBe('unplug replay --scenario defect-skip-checksum --seed 5 --path 0:1:2 --boundary 8 --model power-loss-prefix --mask prefix:0:58');
    expect(formatReplayCommand(live, [['engine', 'node my store.js']])).toBe("unplug replay --scenario baseline-live --seed 7 --run 3 --cycle 1 --engine 'node my store.js'");
    for (const target of [explore, chained, live, timed]) expect(parseReplayTarget(valuesOf(formatReplayCommand(target)))).toEqual(target);
  });

  it('names the bad value of a line it cannot read', () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ scenario: 's' }, /--seed is required/],
      [{ scenario: 's', seed: '1' }, /give --path/],
      [{ scenario: 's', seed: '1', path: '0', boundary: '2', model: 'power-loss', run: '1' }, /--path names an explore crash state and --run a live run/],
      [{ scenario: 's', seed: '1', run: '-1', cycle: '0' }, /--run must be a whole number, got '-1'/],
      [{ scenario: 's', seed: '1', run: '1', cycle: '0', kills: '0-3' }, /--kills must be cycle:operations pairs/],
      [{ scenario: 's', seed: '1', path: '0', boundary: '2', model: 'meteor' }, /--model must be a crash model, got 'meteor'/],
      [{ scenario: 's', seed: '1', path: '0', boundary: '2', model: 'power-loss', mask: 'garbage' }, /--mask/],
    ];
    for (const [values, message] of cases) {
      expect(() => parseReplayTarget(values)).toThrow(ReplayTargetError);
      expect(() => parseReplayTarget(values)).toThrow(message);
    }
  });
});
