/**
 * Faults that fired: each run's injected faults are counted by kind from the
 * fault records of its trace (the shim records every fault it injects), and a
 * scenario that asked for a fault that never fired gets a coverage note, since
 * a "durable" verdict then says nothing about that fault. Each run's fault
 * stream is its own (`runFaultSeed`), so runs of one campaign draw different
 * patterns.
 */
import { createRandom } from '../random/random.js';
import type { TraceRecord } from '../trace/trace-record.js';
import type { Scenario } from './scenario.js';

/** Faults injected, by kind (the fault's one spelling). */
export type FaultCounts = Readonly<Record<string, number>>;

/** The seed of the shim's fault stream in run `runIndex` (and live `cycle`) of a scenario seeded `seed`. */
export function runFaultSeed(seed: number, runIndex: number, cycle = 0): number {
  return createRandom(seed).fork(`faults/run/${runIndex}/cycle/${cycle}`).nextUint32();
}

/** The run index an explore counterexample path starts with (fast-check's path is `run:shrink:shrink...`). */
export function runIndexOfPath(path: string): number {
  const first = Number(path.split(':')[0]);
  return Number.isSafeInteger(first) && first >= 0 ? first : 0;
}

/** Adds up the faults injected in traced runs. */
export class FaultTally {
  readonly #counts = new Map<string, number>();

  /** Counts the fault records of one run's trace. */
  addTrace(records: readonly TraceRecord[]): void {
    for (const record of records) if (record.kind === 'fault') this.#counts.set(record.fault, (this.#counts.get(record.fault) ?? 0) + 1);
  }

  /** The counts so far, kinds sorted. */
  get counts(): FaultCounts {
    return Object.fromEntries([...this.#counts].sort(([left], [right]) => left.localeCompare(right)));
  }
}

/** The failure kinds a scenario injects (latency delays, it never fails, so it has no fault record). */
export function askedFaultKinds(scenario: Scenario): string[] {
  return [...new Set((scenario.faults ?? []).map((fault) => fault.kind).filter((kind) => kind !== 'latency'))];
}

/** One note per asked fault that never fired in the runs done. */
export function unfiredFaultNotes(asked: readonly string[], counts: FaultCounts, runsDone: number): string[] {
  if (runsDone === 0) return [];
  return asked
    .filter((kind) => (counts[kind] ?? 0) === 0)
    .map((kind) => `the ${kind} fault this scenario asks for never fired in ${runsDone} run${runsDone === 1 ? '' : 's'}: the verdict says nothing about ${kind}`);
}
