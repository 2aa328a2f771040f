import { describe, expect, it } from 'vitest';
import { createFaultDecider, type FaultDecision, type ShimOperation } from './fault-decider.js';
import type { InjectedFault, ShimConfig } from './shim-config.js';

const ROOT = '/db';

function configWith(faults: readonly InjectedFault[], seed = 1): ShimConfig {
  return { root: ROOT, seed, faults };
}

function decideAll(faults: readonly InjectedFault[], operations: readonly ShimOperation[], seed = 1): FaultDecision[] {
  const decider = createFaultDecider(configWith(faults, seed));
  return operations.map((operation) => decider.decide(operation));
}

const SYNC_WAL: ShimOperation = { kind: 'sync', path: '/db/wal/1' };
const WRITE_WAL: ShimOperation = { kind: 'write', path: '/db/wal/1' };

describe('createFaultDecider', () => {
  it('injects nothing without faults', () => {
    expect(decideAll([], [SYNC_WAL, WRITE_WAL])).toEqual([{ delayMs: 0 }, { delayMs: 0 }]);
  });

  it('fires on the N-th matching operation only, counting only matching kinds and paths', () => {
    const decisions = decideAll(
      [{ kind: 'eio-fsync', target: { pathPattern: 'wal/*', matchIndex: 1 } }],
      [SYNC_WAL, WRITE_WAL, { kind: 'sync', path: '/db/data' }, { kind: 'sync', path: '/elsewhere/wal/1' }, SYNC_WAL, SYNC_WAL],
    );
    expect(decisions.map((decision) => decision.failure?.kind)).toEqual([undefined, undefined, undefined, undefined, 'eio-fsync', undefined]);
  });

  it('fires on every matching operation with the default probability', () => {
    const decisions = decideAll([{ kind: 'eio-write', target: {} }], [WRITE_WAL, SYNC_WAL, WRITE_WAL]);
    expect(decisions.map((decision) => decision.failure?.kind)).toEqual(['eio-write', undefined, 'eio-write']);
  });

  it('fires with a seeded probability: about the right rate, the same for the same seed', () => {
    const faults: InjectedFault[] = [{ kind: 'enospc', target: { probability: 0.25 } }];
    const operations = Array.from({ length: 2_000 }, () => WRITE_WAL);
    const firstRun = decideAll(faults, operations, 5).map((decision) => decision.failure !== undefined);
    const secondRun = decideAll(faults, operations, 5).map((decision) => decision.failure !== undefined);
    const otherSeed = decideAll(faults, operations, 6).map((decision) => decision.failure !== undefined);
    const firedCount = firstRun.filter(Boolean).length;
    expect(firedCount).toBeGreaterThan(400);
    expect(firedCount).toBeLessThan(600);
    expect(secondRun).toEqual(firstRun);
    expect(otherSeed).not.toEqual(firstRun);
  });

  it('passes keepFraction of a short write and lets the first listed failure win', () => {
    const decisions = decideAll(
      [
        { kind: 'short-write', keepFraction: 0.5, target: {} },
        { kind: 'eio-write', target: {} },
      ],
      [WRITE_WAL],
    );
    expect(decisions[0]).toEqual({ delayMs: 0, failure: { kind: 'short-write', keepFraction: 0.5 } });
  });

  it('adds fixed latency to writes and syncs by default, capped', () => {
    const decisions = decideAll(
      [{ kind: 'latency', meanMs: 5, distribution: 'fixed', capMs: 3, target: {} }],
      [WRITE_WAL, SYNC_WAL, { kind: 'rename', path: '/db/a' }],
    );
    expect(decisions.map((decision) => decision.delayMs)).toEqual([3, 3, 0]);
  });

  it('draws exponential latency from the seed, never above the cap', () => {
    const faults: InjectedFault[] = [{ kind: 'latency', meanMs: 2, distribution: 'exponential', capMs: 10, target: { operations: ['sync'] } }];
    const operations = Array.from({ length: 3_000 }, () => SYNC_WAL);
    const delays = decideAll(faults, operations, 9).map((decision) => decision.delayMs);
    expect(decideAll(faults, operations, 9).map((decision) => decision.delayMs)).toEqual(delays);
    expect(Math.max(...delays)).toBeLessThanOrEqual(10);
    const meanMs = delays.reduce((sum, delay) => sum + delay, 0) / delays.length;
    expect(meanMs).toBeGreaterThan(1.7);
    expect(meanMs).toBeLessThan(2.2);
  });

  it('keeps failures and latencies apart when asked, without shifting either', () => {
    const faults: InjectedFault[] = [
      { kind: 'latency', meanMs: 1, distribution: 'fixed', capMs: 1, target: {} },
      { kind: 'eio-fsync', target: { matchIndex: 0 } },
    ];
    const failuresOnly = createFaultDecider(configWith(faults), 'failures');
    const latencyOnly = createFaultDecider(configWith(faults), 'latency');
    expect(failuresOnly.decide(SYNC_WAL)).toEqual({ delayMs: 0, failure: { kind: 'eio-fsync' } });
    expect(latencyOnly.decide(SYNC_WAL)).toEqual({ delayMs: 1 });
  });

  it('rejects invalid faults with a message naming the field', () => {
    expect(() => createFaultDecider(configWith([{ kind: 'eio-fsync', target: { operations: ['write'] } }]))).toThrow(/faults\[0\] \(eio-fsync\): operation 'write'/);
    expect(() => createFaultDecider(configWith([{ kind: 'enospc', target: { probability: 2 } }]))).toThrow(/probability 2/);
    expect(() => createFaultDecider(configWith([{ kind: 'enospc', target: { matchIndex: -1 } }]))).toThrow(/matchIndex -1/);
    expect(() => createFaultDecider(configWith([{ kind: 'short-write', keepFraction: 1, target: {} }]))).toThrow(/keepFraction 1/);
    expect(() => createFaultDecider(configWith([{ kind: 'latency', meanMs: 1e9, distribution: 'fixed', capMs: 1, target: {} }]))).toThrow(/meanMs/);
  });
});
