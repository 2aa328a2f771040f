/**
 * The native fault decider (c/fault-decider.c) against the TypeScript one
 * (harness/shim/fault-decider.ts): for the same seed, faults and operations,
 * every decision (failure, keep fraction, delay) must be the same, so both
 * shims inject the same faults into a replayed run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRandom } from '../random/random.js';
import { createFaultDecider, SHIM_OPERATION_KINDS } from '../shim/fault-decider.js';
import type { InjectedFault, ShimConfig } from '../shim/shim-config.js';
import { ShimConfigError } from '../shim/shim-config-error.js';
import { encodeNativeFaults } from './native-faults.js';
import { buildProgram, tryShimLibrary } from './test-support/native-test-kit.js';

const { library, reason } = tryShimLibrary();
let directory: string;
let driver: string;

beforeAll(() => {
  if (library === undefined) return;
  directory = mkdtempSync(join(tmpdir(), 'unplug-native-decider-'));
  driver = buildProgram(directory, 'decider-driver', ['decider-driver.c', 'fault-decider.c']);
});
afterAll(() => {
  if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
});

const ROOT = '/data';
const PATHS = ['wal/000000010000000000000001', 'wal/000000010000000000000002', 'store.db', 'store.db-wal', 'sub/deep/file', '.'];

const FAULT_SETS: readonly (readonly InjectedFault[])[] = [
  [{ kind: 'eio-fsync', target: { probability: 0.3 } }],
  [{ kind: 'eio-write', target: { matchIndex: 3 } }, { kind: 'enospc', target: { probability: 0.2, pathPattern: 'wal/**' } }],
  [{ kind: 'short-write', keepFraction: 0.25, target: { probability: 0.5, pathPattern: '*.db*' } }, { kind: 'eio-write', target: { probability: 0.5 } }],
  [
    { kind: 'latency', meanMs: 5, distribution: 'exponential', capMs: 40, target: { probability: 0.7 } },
    { kind: 'latency', meanMs: 2, distribution: 'fixed', capMs: 1, target: { operations: ['open', 'rename', 'mkdir', 'remove'] } },
    { kind: 'eio-fsync', target: { operations: ['sync', 'sync-directory'], pathPattern: '**/file', probability: 0.9 } },
  ],
  [{ kind: 'enospc', target: { operations: ['write', 'truncate', 'open', 'mkdir', 'rename'], pathPattern: 's?b/**', probability: 0.4 } }],
];

describe('the native fault decider mirrors the TypeScript one', () => {
  for (const [setIndex, faults] of FAULT_SETS.entries()) {
    for (const seed of [1, 424242, 2 ** 40 + 7]) {
      it(`decides the same for fault set ${setIndex}, seed ${seed}`, (context) => {
        if (library === undefined) return context.skip(reason ?? 'no shim');
        const config: ShimConfig = { root: ROOT, seed, faults };
        const pick = createRandom(seed + setIndex);
        const operations = Array.from({ length: 400 }, () => ({
          kind: SHIM_OPERATION_KINDS[pick.nextInt(SHIM_OPERATION_KINDS.length)]!,
          path: PATHS[pick.nextInt(PATHS.length)]!,
        }));
        const decider = createFaultDecider(config);
        const expected = operations.map((operation) => {
          const decision = decider.decide({ kind: operation.kind, path: `${ROOT}/${operation.path}` });
          return { failure: decision.failure?.kind ?? 'none', keepFraction: decision.failure?.kind === 'short-write' ? decision.failure.keepFraction : 0, delayMs: decision.delayMs };
        });
        const run = spawnSync(driver, [], {
          input: operations.map((operation) => `${operation.kind}\t${operation.path}\n`).join(''),
          env: { ...process.env, UNPLUG_NATIVE_SEED: String(seed), UNPLUG_NATIVE_FAULTS: encodeNativeFaults(config) },
          encoding: 'utf8',
        });
        expect(run.status, run.stderr).toBe(0);
        const actual = run.stdout.trim().split('\n').map((line) => {
          const [delayMs, failure, keepFraction] = line.split(' ');
          return { failure, keepFraction: Number(keepFraction), delayMs: Number(delayMs) };
        });
        expect(actual.map(({ failure, keepFraction }) => ({ failure, keepFraction }))).toEqual(expected.map(({ failure, keepFraction }) => ({ failure, keepFraction })));
        // Exponential latencies go through log(): C's and V8's may differ in the last bit.
        for (const [index, decision] of actual.entries()) expect(decision.delayMs).toBeCloseTo(expected[index]!.delayMs, 9);
        expect(expected.some((decision) => decision.failure !== 'none' || decision.delayMs > 0)).toBe(true);
      });
    }
  }

  it('refuses the configs the TypeScript decider refuses, with its message', () => {
    expect(() => encodeNativeFaults({ root: ROOT, seed: 1, faults: [{ kind: 'eio-fsync', target: { operations: ['write'] } }] })).toThrow(ShimConfigError);
    expect(() => encodeNativeFaults({ root: ROOT, seed: 1, faults: [{ kind: 'eio-write', target: { pathPattern: 'a\tb' } }] })).toThrow(/pathPattern "a\\tb"/);
  });
});
