/**
 * Decides, operation by operation, which injected fault (if any) applies: the
 * one place fault targeting lives, shared by the reference engine's decorators
 * and the Node preload shim.
 *
 * A fault targets operations by kind, by a path glob relative to the root
 * (`path-glob.ts`), and then either by index (the N-th, 0-based, operation that
 * matched kind and path) or by a seeded probability. Each fault counts its own
 * matching operations and draws from its own random stream (forked from the
 * config's seed by the fault's position in the list), so faults do not shift
 * one another. Operations outside the root are never faulted and never counted.
 *
 * When several failures fire on one operation, the first in the list wins.
 * Latencies of all matching latency faults add up (each capped by its own
 * `capMs`; the sum by MAX_INJECTED_DELAY_MS).
 */
import { assertNever } from '../../engine/invariants.js';
import { createRandom, nextExponential, type Random } from '../random/random.js';
import { compilePathGlob } from './path-glob.js';
import type { InjectedFault, ShimConfig } from './shim-config.js';
import { ShimConfigError } from './shim-config-error.js';
import { createRootRelativePath } from './shim-root.js';

/** Every operation kind a shim reports to the decider. */
export const SHIM_OPERATION_KINDS = ['open', 'write', 'truncate', 'sync', 'sync-directory', 'rename', 'remove', 'mkdir', 'read'] as const;
/** The kind of an operation seen by the shim. */
export type ShimOperationKind = (typeof SHIM_OPERATION_KINDS)[number];

/** An operation about to run: its kind and the path it names (as the program named it). */
export interface ShimOperation {
  readonly kind: ShimOperationKind;
  readonly path: string;
}

/** A failure to inject instead of (or, for a short write, part way through) the operation. */
export type FaultFailure =
  | { readonly kind: 'eio-fsync' | 'eio-write' | 'enospc' }
  /** Only part of the bytes are written (`shortWriteKeptBytes` says how many). */
  | { readonly kind: 'short-write'; readonly keepFraction: number };

/**
 * The one short-write rule, for every shim: a short write of `byteLength`
 * bytes keeps floor(keepFraction x byteLength) of them, at least 1 and at most
 * byteLength - 1 (a short count is neither zero nor everything). A write of
 * fewer than 2 bytes cannot be short: undefined, and it proceeds whole.
 */
export function shortWriteKeptBytes(keepFraction: number, byteLength: number): number | undefined {
  if (byteLength < 2) return undefined;
  return Math.min(byteLength - 1, Math.max(1, Math.floor(byteLength * keepFraction)));
}

/** What to do to one operation: delay it by `delayMs`, and fail it when `failure` is set. */
export interface FaultDecision {
  readonly delayMs: number;
  readonly failure?: FaultFailure;
}

/** Decides the fault of each operation, in program order (it counts and draws). */
export interface FaultDecider {
  decide(operation: ShimOperation): FaultDecision;
}

/** The longest total injected delay of one operation. */
export const MAX_INJECTED_DELAY_MS = 60_000;
/** The most faults one config may list. */
export const MAX_FAULTS = 64;

/** The operation kinds each fault kind applies to by default, and may be aimed at. */
const FAULT_OPERATIONS: Readonly<Record<InjectedFault['kind'], { readonly defaults: readonly ShimOperationKind[]; readonly allowed: readonly ShimOperationKind[] }>> = {
  'eio-fsync': { defaults: ['sync'], allowed: ['sync', 'sync-directory'] },
  'eio-write': { defaults: ['write'], allowed: ['write', 'truncate'] },
  enospc: { defaults: ['write'], allowed: ['write', 'truncate', 'open', 'mkdir', 'rename'] },
  'short-write': { defaults: ['write'], allowed: ['write'] },
  latency: { defaults: ['write', 'sync'], allowed: SHIM_OPERATION_KINDS },
};

const NO_FAULT: FaultDecision = Object.freeze({ delayMs: 0 });

interface ArmedFault {
  readonly fault: InjectedFault;
  readonly operations: ReadonlySet<ShimOperationKind>;
  readonly matchesPath: (relativePath: string) => boolean;
  readonly random: Random;
  matchingCount: number;
}

/** Which faults a decider considers: all, only failures, or only latencies (two decorators share one config). */
export type FaultSelection = 'all' | 'failures' | 'latency';

/** Creates the decider for `config`; throws ShimConfigError on an invalid fault. */
export function createFaultDecider(config: ShimConfig, selection: FaultSelection = 'all'): FaultDecider {
  const faults = config.faults ?? [];
  if (faults.length > MAX_FAULTS) throw new ShimConfigError(`${faults.length} faults listed, at most ${MAX_FAULTS} allowed`);
  const seedRandom = createRandom(config.seed);
  const armed = faults
    .map((fault, index) => armFault(fault, index, seedRandom))
    .filter((entry) => selection === 'all' || (selection === 'latency') === (entry.fault.kind === 'latency'));
  const relativeToRoot = createRootRelativePath(config.root);
  if (armed.length === 0) return { decide: () => NO_FAULT };

  return {
    decide(operation: ShimOperation): FaultDecision {
      const relativePath = relativeToRoot(operation.path);
      if (relativePath === undefined) return NO_FAULT;
      let delayMs = 0;
      let failure: FaultFailure | undefined;
      for (const entry of armed) {
        if (!entry.operations.has(operation.kind) || !entry.matchesPath(relativePath)) continue;
        if (!fires(entry)) continue;
        const fault = entry.fault;
        switch (fault.kind) {
          case 'latency':
            delayMs += sampleLatencyMs(fault, entry.random);
            break;
          case 'short-write':
            failure ??= { kind: 'short-write', keepFraction: fault.keepFraction };
            break;
          case 'eio-fsync':
          case 'eio-write':
          case 'enospc':
            failure ??= { kind: fault.kind };
            break;
          default:
            assertNever(fault, 'injected fault');
        }
      }
      if (delayMs === 0 && failure === undefined) return NO_FAULT;
      const cappedDelayMs = Math.min(delayMs, MAX_INJECTED_DELAY_MS);
      return failure === undefined ? { delayMs: cappedDelayMs } : { delayMs: cappedDelayMs, failure };
    },
  };
}

/** Counts the matching operation and says whether the fault fires on it. */
function fires(entry: ArmedFault): boolean {
  const index = entry.matchingCount;
  entry.matchingCount += 1;
  const { matchIndex, probability = 1 } = entry.fault.target;
  if (matchIndex !== undefined) return index === matchIndex;
  // Always draw when the probability is fractional, so the stream position depends only on the match count.
  return probability >= 1 ? true : entry.random.nextFloat() < probability;
}

function sampleLatencyMs(fault: Extract<InjectedFault, { kind: 'latency' }>, random: Random): number {
  switch (fault.distribution) {
    case 'fixed':
      return Math.min(fault.meanMs, fault.capMs);
    case 'exponential':
      return Math.min(nextExponential(random, fault.meanMs), fault.capMs);
    default:
      return assertNever(fault.distribution, 'latency distribution');
  }
}

function armFault(fault: InjectedFault, index: number, seedRandom: Random): ArmedFault {
  const label = `faults[${index}] (${fault.kind})`;
  const operationKinds = FAULT_OPERATIONS[fault.kind];
  if (operationKinds === undefined) throw new ShimConfigError(`${label}: unknown fault kind`);
  const operations = fault.target.operations ?? operationKinds.defaults;
  for (const operation of operations) {
    if (!(operationKinds.allowed as readonly string[]).includes(operation)) {
      throw new ShimConfigError(`${label}: operation '${operation}' is not one of ${operationKinds.allowed.join(', ')}`);
    }
  }
  const { matchIndex, probability, pathPattern } = fault.target;
  if (matchIndex !== undefined && !(Number.isSafeInteger(matchIndex) && matchIndex >= 0)) throw new ShimConfigError(`${label}: matchIndex ${matchIndex} is not a non-negative integer`);
  if (probability !== undefined && !(probability >= 0 && probability <= 1)) throw new ShimConfigError(`${label}: probability ${probability} is not in [0, 1]`);
  if (fault.kind === 'short-write' && !(fault.keepFraction >= 0 && fault.keepFraction < 1)) throw new ShimConfigError(`${label}: keepFraction ${fault.keepFraction} is not in [0, 1)`);
  if (fault.kind === 'latency') {
    if (fault.distribution !== 'fixed' && fault.distribution !== 'exponential') throw new ShimConfigError(`${label}: distribution '${String(fault.distribution)}' is not fixed or exponential`);
    for (const [name, value] of [['meanMs', fault.meanMs], ['capMs', fault.capMs]] as const) {
      if (!(value >= 0 && value <= MAX_INJECTED_DELAY_MS)) throw new ShimConfigError(`${label}: ${name} ${value} is not in [0, ${MAX_INJECTED_DELAY_MS}]`);
    }
  }
  return {
    fault,
    operations: new Set(operations as readonly ShimOperationKind[]),
    matchesPath: pathPattern === undefined ? () => true : compilePathGlob(pathPattern),
    random: seedRandom.fork(`fault-${index}`),
    matchingCount: 0,
  };
}
