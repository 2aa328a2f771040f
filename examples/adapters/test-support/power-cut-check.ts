/**
 * One deterministic power cut for an adapter test: start the adapter under the
 * shim on an empty directory, commit `commits` transactions one at a time,
 * SIGKILL it, build the crash state at the end of the trace under `model`
 * (power-loss: nothing unsynced survives), recover a fresh adapter on it and
 * list the acknowledged commits it lost. The full search over every crash
 * point is `unplug crash`; this is the small, timing-free check the default
 * suite can afford for slow engines.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NodeFileSystem } from '../../../engine/fs/node-file-system.js';
import type { CrashModel } from '../../../harness/crash-state/crash-models.js';
import { createCrashStateBuilder } from '../../../harness/crash-state/crash-state-builder.js';
import { materialiseCrashState } from '../../../harness/crash-state/materialise-crash-state.js';
import type { ShimChoice } from '../../../harness/native/choose-shim.js';
import { createTemporaryDirectory, removeTemporaryDirectory } from '../../../harness/engine-client/process-registry.js';
import { expectReady, startEngine } from '../../../harness/engine-client/start-engine.js';
import { readTrace } from '../../../harness/trace/trace-reader.js';
import type { TraceRecord } from '../../../harness/trace/trace-record.js';

/** What one power cut showed. */
export interface PowerCutResult {
  readonly acknowledged: readonly number[];
  /** Acknowledged transactions whose write is missing after recovery. */
  readonly lost: readonly number[];
  readonly records: readonly TraceRecord[];
  /** What the recovered engine holds. */
  readonly entries: readonly (readonly [string, string])[];
}

/** Runs the check for the engine `command` (a protocol-v1 command line, `--dir` appended). */
export async function powerCutCheck(command: string, options: { readonly commits: number; readonly model?: CrashModel; readonly shim?: ShimChoice; readonly seed?: number }): Promise<PowerCutResult> {
  const directory = createTemporaryDirectory('adapter-data');
  const traceDirectory = createTemporaryDirectory('adapter-trace');
  const recovered = createTemporaryDirectory('adapter-recovered');
  const tracePath = join(traceDirectory, 'trace.bin');
  const launch = { kind: 'command', command, shim: options.shim ?? 'auto' } as const;
  try {
    const engine = expectReady(await startEngine(launch, { directory, shim: { root: directory, tracePath, seed: options.seed ?? 1 } }), command);
    const acknowledged: number[] = [];
    try {
      for (let tx = 1; tx <= options.commits; tx += 1) {
        const answer = await engine.commit(tx, [[`k${tx}`, `value of ${tx}`]]);
        if (answer.kind === 'ack') acknowledged.push(tx);
      }
      // One more answer before the kill: the adapter's records of its acks are then surely in the trace.
      await engine.dump();
    } finally {
      await engine.kill();
    }
    const records = existsSync(tracePath) ? readTrace(tracePath).records : [];
    const builder = createCrashStateBuilder();
    for (const record of records) builder.apply(record);
    materialiseCrashState(builder.build(options.model ?? 'power-loss', options.seed ?? 1), new NodeFileSystem(), recovered);
    const recovering = expectReady(await startEngine({ kind: 'command', command }, { directory: recovered }), `${command} (recovering)`);
    let entries: readonly (readonly [string, string])[] = [];
    try {
      entries = (await recovering.dump()) ?? [];
    } finally {
      await recovering.kill();
    }
    const present = new Set(entries.map(([key]) => key));
    return { acknowledged, lost: acknowledged.filter((tx) => !present.has(`k${tx}`)), records, entries };
  } finally {
    for (const made of [directory, traceDirectory, recovered]) removeTemporaryDirectory(made);
  }
}
