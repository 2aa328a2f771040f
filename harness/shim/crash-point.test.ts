import { describe, expect, it } from 'vitest';
import { createCrashPoint } from './crash-point.js';
import { sleepSync } from './sleep-sync.js';

describe('createCrashPoint', () => {
  it('kills exactly at the configured index', () => {
    const killedAt: number[] = [];
    let current = -1;
    const crashPoint = createCrashPoint({ root: '/db', seed: 1, crashAfterOperation: 2 }, () => killedAt.push(current));
    for (current = 0; current < 5; current += 1) crashPoint.afterOperation(current);
    expect(killedAt).toEqual([2]);
  });

  it('never kills without a crash point, and rejects a bad index', () => {
    let killCount = 0;
    const crashPoint = createCrashPoint({ root: '/db', seed: 1 }, () => (killCount += 1));
    for (let index = 0; index < 5; index += 1) crashPoint.afterOperation(index);
    expect(killCount).toBe(0);
    expect(() => createCrashPoint({ root: '/db', seed: 1, crashAfterOperation: -1 })).toThrow(/crashAfterOperation -1/);
  });
});

describe('sleepSync', () => {
  it('blocks for about the requested time and rejects a negative duration', () => {
    const startedAt = process.hrtime.bigint();
    sleepSync(20);
    const elapsedMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
    // Only a lower bound: a sleep must not return early; how late it returns depends on the machine.
    expect(elapsedMs).toBeGreaterThanOrEqual(19);
    expect(() => sleepSync(-1)).toThrow(/sleepSync duration/);
  });
});
