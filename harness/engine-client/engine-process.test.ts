import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { InfrastructureError } from '../cli/exit-codes.js';
import { startEngine } from './start-engine.js';
import { createTemporaryDirectory, liveResourceCounts, removeTemporaryDirectory } from './process-registry.js';

const fake = (name: string): string => join(fileURLToPath(new URL('.', import.meta.url)), 'test-support', name);
const launch = (name: string) => ({ kind: 'command', command: `node ${fake(name)}` }) as const;

describe('startEngine', () => {
  let directory = '';
  afterEach(() => {
    if (directory !== '') removeTemporaryDirectory(directory);
    directory = '';
  });

  it('says why an engine could not be spawned (ENOENT), never "exited with code undefined"', async () => {
    directory = createTemporaryDirectory('client-test');
    const started = startEngine({ kind: 'command', command: join(directory, 'no-such-engine') }, { directory });
    await expect(started).rejects.toBeInstanceOf(InfrastructureError);
    await expect(started).rejects.toThrow(/no-such-engine' could not be started \(ENOENT\)$/);
    await expect(started).rejects.not.toThrow(/undefined/);
  });

  it('drives a protocol-v1 engine: commit, dump, close, and leaks nothing', async () => {
    directory = createTemporaryDirectory('client-test');
    const before = liveResourceCounts();
    const started = await startEngine(launch('memory-engine.mjs'), { directory });
    expect(started.kind).toBe('ready');
    if (started.kind !== 'ready') return;
    const answers = await Promise.all([started.engine.commit(1, [['a', 'x']]), started.engine.commit(2, [['b', 'y'], ['a', null]])]);
    expect(answers.map((answer) => answer.kind)).toEqual(['ack', 'ack']);
    expect(await started.engine.dump()).toEqual([['b', 'y']]);
    await started.engine.close();
    expect(started.engine.exited).toBe(true);
    expect(liveResourceCounts().children).toBe(before.children);
  });

  it('reports in-flight commits as exited after SIGKILL', async () => {
    directory = createTemporaryDirectory('client-test');
    const started = await startEngine(launch('memory-engine.mjs'), { directory });
    if (started.kind !== 'ready') throw new Error('not ready');
    await started.engine.kill();
    expect(await started.engine.commit(1, [['a', 'x']])).toEqual({ kind: 'exited' });
  });

  it('returns a fatal recovery result', async () => {
    directory = createTemporaryDirectory('client-test');
    expect(await startEngine(launch('fatal-engine.mjs'), { directory })).toMatchObject({ kind: 'fatal', code: 'CORRUPT' });
  });

  it.each([
    // Only the engine that never gets ready waits out its short timeout; the others fail on their
    // own, so they get a generous one that a loaded CI machine cannot hit.
    ['never-ready-engine.mjs', 300, /did not print a ready line within 300 ms/],
    ['dies-at-start-engine.mjs', 30_000, /exited with code 1 before it was ready.*permission denied/],
    ['garbage-engine.mjs', 30_000, /printed garbage before ready \(not JSON\): starting engine/],
  ])('turns %s into an InfrastructureError naming the engine', async (name, readyTimeoutMs, message) => {
    directory = createTemporaryDirectory('client-test');
    const before = liveResourceCounts();
    const failure = startEngine(launch(name), { directory, readyTimeoutMs });
    await expect(failure).rejects.toBeInstanceOf(InfrastructureError);
    await expect(failure).rejects.toThrow(message);
    await expect(failure).rejects.toThrow(name);
    expect(liveResourceCounts().children).toBe(before.children);
  });

  it('kills an engine that does not answer in time', async () => {
    directory = createTemporaryDirectory('client-test');
    const started = await startEngine({ kind: 'command', command: `node ${fake('memory-engine.mjs')} --hang-dump` }, { directory, requestTimeoutMs: 200 });
    if (started.kind !== 'ready') throw new Error('not ready');
    await expect(started.engine.dump()).rejects.toThrow(/did not answer a dump request within 200 ms/);
    await started.engine.exit;
    expect(started.engine.exited).toBe(true);
  });

  it('removes its temporary directories', () => {
    const made = createTemporaryDirectory('client-test');
    expect(existsSync(made)).toBe(true);
    removeTemporaryDirectory(made);
    expect(existsSync(made)).toBe(false);
  });
});
