/**
 * Runs asynchronous jobs concurrently and hands their results back in the
 * order the jobs were submitted, not the order they finished: a campaign's
 * report then depends only on its seed, never on `--jobs` or on which child
 * happened to start faster. At most `jobs` run at once; the consumer decides
 * after each result whether to go on, and a stop waits for the jobs still
 * running (their results are dropped) so nothing outlives the call.
 */
import { assert } from '../../engine/invariants.js';

/** The most concurrent jobs a pool accepts: far beyond any core count, a guard against typos. */
export const JOBS_LIMIT = 256;

/** One job's result, or what it threw. */
type Settled<Output> = { readonly ok: true; readonly value: Output } | { readonly ok: false; readonly error: unknown };

/**
 * For each item of `items` (pulled lazily, only when a job slot is free), runs
 * `start(item)` with at most `jobs` running, and calls `onResult` in item
 * order. `onResult` returning false stops the pass: no further item is pulled.
 * A job that throws rethrows from here, in item order, after the running jobs finish.
 */
export async function runInOrder<Item, Output>(
  items: Iterable<Item>,
  jobs: number,
  start: (item: Item) => Promise<Output>,
  onResult: (item: Item, output: Output) => boolean | Promise<boolean>,
): Promise<void> {
  assert(Number.isSafeInteger(jobs) && jobs >= 1 && jobs <= JOBS_LIMIT, `jobs must be an integer from 1 to ${JOBS_LIMIT}, got ${jobs}`);
  const iterator = items[Symbol.iterator]();
  const window: { readonly item: Item; readonly settled: Promise<Settled<Output>> }[] = [];
  let exhausted = false;
  const fill = (): void => {
    while (!exhausted && window.length < jobs) {
      const next = iterator.next();
      if (next.done === true) {
        exhausted = true;
        return;
      }
      const item = next.value;
      const settled = Promise.resolve()
        .then(() => start(item))
        .then(
          (value): Settled<Output> => ({ ok: true, value }),
          (error: unknown): Settled<Output> => ({ ok: false, error }),
        );
      window.push({ item, settled });
    }
  };
  try {
    fill();
    while (window.length > 0) {
      const head = window.shift() as (typeof window)[number];
      const outcome = await head.settled;
      if (!outcome.ok) throw outcome.error;
      if (!(await onResult(head.item, outcome.value))) return;
      fill();
    }
  } finally {
    // Stopped early or failed: let the jobs still running finish before returning.
    await Promise.all(window.map((entry) => entry.settled));
    iterator.return?.();
  }
}
