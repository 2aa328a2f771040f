import { describe, expect, it } from 'vitest';
import { formatReplayCommand, parseReplayTarget, ReplayTargetError } from '../../core/replay-target.js';

describe('archive replay targets', () => {
  it('format and parse back to the same target, with and without a crash point', () => {
    const withPoint = { mode: 'archive', scenario: 'archive-power-loss', seed: 7, run: 1, boundary: 48, model: 'power-loss' } as const;
    const line = formatReplayCommand(withPoint, [['fault', 'power-loss']]);
    expect(line).toBe('unplug replay --scenario archive-power-loss --seed 7 --archive-run 1 --boundary 48 --model power-loss --fault power-loss');
    expect(parseReplayTarget({ scenario: 'archive-power-loss', seed: '7', 'archive-run': '1', boundary: '48', model: 'power-loss' })).toEqual(withPoint);
    expect(parseReplayTarget({ scenario: 'pitr-random-target', seed: '3', 'archive-run': '0' })).toEqual({ mode: 'archive', scenario: 'pitr-random-target', seed: 3, run: 0 });
  });

  it('refuses live or explore flags beside --archive-run, naming them', () => {
    expect(() => parseReplayTarget({ scenario: 's', seed: '1', 'archive-run': '0', cycle: '2' })).toThrow(ReplayTargetError);
    expect(() => parseReplayTarget({ scenario: 's', seed: '1', 'archive-run': '0', path: '0:1' })).toThrow(/--path does not belong/);
    expect(() => parseReplayTarget({ scenario: 's', seed: '1', 'archive-run': 'x' })).toThrow(/archive-run/);
  });
});
