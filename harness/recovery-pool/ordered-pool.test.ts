import { describe, expect, it } from 'vitest';
import { runInOrder } from './ordered-pool.js';

/** A job whose completion the test controls: results arrive in whatever order the test resolves them. */
function gate<T>() {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

describe('runInOrder', () => {
  it('hands results back in item order even when later jobs finish first', async () => {
    const gates = [gate<string>(), gate<string>(), gate<string>()];
    const seen: string[] = [];
    const done = runInOrder([0, 1, 2], 3, (index) => (gates[index] as ReturnType<typeof gate<string>>).promise, (_item, output) => {
      seen.push(output);
      return true;
    });
    gates[2]?.open('c');
    gates[1]?.open('b');
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual([]);
    gates[0]?.open('a');
    await done;
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('never runs more than `jobs` at once and pulls items lazily', async () => {
    let running = 0;
    let peak = 0;
    let pulled = 0;
    function* items(): Generator<number> {
      for (let index = 0; index < 20; index += 1) {
        pulled += 1;
        yield index;
      }
    }
    const outputs: number[] = [];
    await runInOrder(
      items(),
      3,
      async (index) => {
        running += 1;
        peak = Math.max(peak, running);
        expect(pulled - outputs.length).toBeLessThanOrEqual(3);
        await new Promise((resolve) => setImmediate(resolve));
        running -= 1;
        return index * 2;
      },
      (_item, output) => {
        outputs.push(output);
        return true;
      },
    );
    expect(peak).toBe(3);
    expect(outputs).toEqual(Array.from({ length: 20 }, (_, index) => index * 2));
  });

  it('stops pulling when the consumer says so and waits for the jobs still running', async () => {
    const finished: number[] = [];
    const consumed: number[] = [];
    await runInOrder(
      [0, 1, 2, 3, 4, 5, 6, 7],
      2,
      async (index) => {
        await new Promise((resolve) => setImmediate(resolve));
        finished.push(index);
        return index;
      },
      (item) => {
        consumed.push(item);
        return item < 2;
      },
    );
    expect(consumed).toEqual([0, 1, 2]);
    // The job fetched ahead of the stop (item 3) finished before runInOrder returned; none after it started.
    expect(finished.sort()).toEqual([0, 1, 2, 3]);
  });

  it('rethrows a failed job in item order, after the others settle', async () => {
    const consumed: number[] = [];
    const run = runInOrder(
      [0, 1, 2],
      3,
      async (index) => {
        if (index === 1) throw new Error('job 1 failed');
        return index;
      },
      (item) => {
        consumed.push(item);
        return true;
      },
    );
    await expect(run).rejects.toThrow('job 1 failed');
    expect(consumed).toEqual([0]);
  });

  it('refuses a job count that is not a positive integer', async () => {
    await expect(runInOrder([1], 0, async () => 1, () => true)).rejects.toThrow(/jobs must be an integer from 1/);
  });
});
