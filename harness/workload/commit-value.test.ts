import { describe, expect, it } from 'vitest';
import { commitValueHeader, isIntactCommitValue, makeCommitValue, parseCommitValue } from './commit-value.js';

describe('commit values', () => {
  it('name their writer and have the asked size', () => {
    const value = makeCommitValue(17, 'k3', 40);
    expect(value).toHaveLength(40);
    expect(value.startsWith('t17:k3|')).toBe(true);
    expect(parseCommitValue(value)).toEqual({ tx: 17, key: 'k3' });
    expect(isIntactCommitValue(value)).toBe(true);
  });

  it('are never shorter than their header', () => {
    expect(makeCommitValue(5, 'k1', 0)).toBe(commitValueHeader(5, 'k1'));
  });

  it('make a 64 KiB value', () => {
    expect(makeCommitValue(1, 'k0', 65_536)).toHaveLength(65_536);
  });

  it('detect a torn or garbled value', () => {
    const value = makeCommitValue(9, 'k2', 100);
    expect(isIntactCommitValue(`${value.slice(0, 50)}\u0000${value.slice(51)}`)).toBe(false);
    expect(isIntactCommitValue('garbage')).toBe(false);
    expect(parseCommitValue('garbage')).toBeUndefined();
  });

  it('differ between transactions writing the same key and size', () => {
    expect(makeCommitValue(1, 'k0', 30)).not.toBe(makeCommitValue(2, 'k0', 30));
  });
});
