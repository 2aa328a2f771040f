// How the engine schedules its flushes: a microtask after the code that queued
// the commits (so commits issued together share one), but never so that a
// client re-committing at once forever starves timers and I/O.
import { describe, expect, it } from 'vitest';
import { MemFileSystem } from '../fs/mem-file-system.js';
import { openEngine } from './open-engine.js';

function freshEngine() {
  return openEngine({ directory: '/db', fileSystem: new MemFileSystem(), segmentSizeBytes: 64 * 1024 });
}

describe('flush scheduling', () => {
  it('gives 64 closed-loop clients one flush per round: every client woken by a flush re-commits before the next one', async () => {
    const engine = freshEngine();
    const rounds = 20;
    const client = async (index: number): Promise<void> => {
      for (let round = 0; round < rounds; round += 1) await engine.commit(index * rounds + round, [[`c${index}`, `r${round}`]]);
    };
    await Promise.all(Array.from({ length: 64 }, (_, index) => client(index)));
    expect(engine.stats()).toMatchObject({ commitsAcknowledged: 64 * rounds, groupFlushes: rounds });
    await engine.close();
  });

  it('lets the event loop run while one client re-commits as soon as each commit is acknowledged', async () => {
    const engine = freshEngine();
    let eventLoopTurned = false;
    setImmediate(() => {
      eventLoopTurned = true;
    });
    let commits = 0;
    // Without a bound on microtask flushes this loop would reach the cap with the immediate never run.
    const cap = 10_000;
    while (!eventLoopTurned && commits < cap) {
      await engine.commit(commits, [['k', String(commits)]]);
      commits += 1;
    }
    expect(eventLoopTurned).toBe(true);
    expect(commits).toBeLessThanOrEqual(16);
    // And it still batched nothing it should not have: one commit per flush for one client.
    expect(engine.stats().groupFlushes).toBe(commits);
    await engine.close();
  });
});
