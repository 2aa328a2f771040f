/**
 * What `--publish-flush-lsn` costs the primary: durable commits per second of
 * the reference engine (fdatasync, in process, real disk under the OS temp
 * directory) at 1 and 64 closed-loop clients, with and without publishing,
 * in the same run. Publishing is one 24-byte pwrite per flush group and no
 * sync. Task names give the commits per iteration, so commits/s = hz x that.
 * Run with `npm run bench -- harness/cdc`.
 */
import { bench, describe } from 'vitest';
import type { Engine } from '../../engine/engine-types.js';
import { openEngine } from '../../engine/store/open-engine.js';
import { createBenchScratchDirectory } from '../../engine/test-support/bench-scratch-directory.js';

const BENCH_OPTIONS = { time: 3000, warmupTime: 300 } as const;
/** Commits per client per iteration. */
const COMMITS_PER_CLIENT = { 1: 64, 64: 8 } as const;
const VALUE = 'v'.repeat(100);

let nextTx = 1;

/** One iteration: `clients` closed-loop clients, each committing `perClient` times in turn. */
async function burst(engine: Engine, clients: number, perClient: number): Promise<void> {
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let index = 0; index < perClient; index += 1) await engine.commit(nextTx++, [[`client-${client}-key-${index % 4}`, VALUE]]);
    }),
  );
}

for (const clients of [1, 64] as const) {
  const perClient = COMMITS_PER_CLIENT[clients];
  describe(`${clients} client${clients === 1 ? '' : 's'}, fdatasync, 100 B values`, () => {
    // A checkpoint every 64 MiB of WAL, as by default: the tasks measure the commit path.
    const plain = openEngine({ directory: createBenchScratchDirectory('unplug-cdc-bench-plain-') });
    const publishing = openEngine({ directory: createBenchScratchDirectory('unplug-cdc-bench-publish-'), publishFlushLsn: true });
    bench(`without --publish-flush-lsn (${clients * perClient} commits per op)`, () => burst(plain, clients, perClient), BENCH_OPTIONS);
    bench(`with --publish-flush-lsn (${clients * perClient} commits per op)`, () => burst(publishing, clients, perClient), BENCH_OPTIONS);
  });
}
