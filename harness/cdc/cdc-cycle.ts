/**
 * One CDC crash cycle. The primary runs as a real child under the shim (as in
 * live mode) with `--publish-flush-lsn`, on a directory holding the previous
 * cycle's crash state; a reader child follows it (`unplug engine cdc --follow`)
 * and feeds the change sink, and is SIGKILLed once in the cycle after a seeded
 * number of changes (a consumer crash), then restarted from the confirmed LSN.
 * The primary dies by SIGKILL at a seeded operation (or after its workload).
 *
 * Then the follower is killed too, and a one-shot reader drains the dead
 * primary's directory from the confirmed LSN. That directory is the page
 * cache's view: it still holds whatever the primary wrote but never synced.
 * The drain is the worst case of the race a reader runs against a power cut
 * (it read everything readable just before the plug was pulled), made
 * deterministic, so a reader that emits unsynced changes is caught on the
 * first crash point that falls between a write and its sync, not by luck.
 * Finally the cycle's crash state is built from the trace under its model.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { DefectName } from '../../engine/engine-types.js';
import { NodeFileSystem } from '../../engine/fs/node-file-system.js';
import { CONTROL_FILE_FORMAT } from '../../engine/store/control-file.js';
import { assertNever } from '../../engine/invariants.js';
import type { CrashModel } from '../crash-state/crash-models.js';
import type { CrashState } from '../crash-state/crash-state.js';
import { createCrashStateBuilder } from '../crash-state/crash-state-builder.js';
import { materialiseCrashState } from '../crash-state/materialise-crash-state.js';
import { stateSeed } from '../core/check-crash-state.js';
import { driveWorkload } from '../core/drive-workload.js';
import { startRecovering } from '../core/recover-crash-state.js';
import type { EngineLaunch } from '../engine-client/engine-launch.js';
import { createTemporaryDirectory, removeTemporaryDirectory } from '../engine-client/process-registry.js';
import { startEngine } from '../engine-client/start-engine.js';
import type { OracleFinding } from '../oracle/oracle-types.js';
import { readTrace } from '../trace/trace-reader.js';
import type { Workload } from '../workload/workload-types.js';
import { startCdcReader, type CdcReader } from './cdc-reader-process.js';
import type { ChangeSink } from './change-sink.js';

/** Options of `runCdcCycle`. */
export interface CdcCycleOptions {
  /** The reference engine, publishing its flush LSN. */
  readonly launch: EngineLaunch;
  /** Defects of the reader (`cdc-emits-before-durable`). */
  readonly readerDefects: readonly DefectName[];
  readonly workload: Workload;
  readonly model: CrashModel;
  /** The cycle's seed: its crash state's draws. */
  readonly seed: number;
  /** The shim's seed. */
  readonly faultSeed: number;
  readonly base?: CrashState;
  /** The shim SIGKILLs the primary after this many operations; otherwise the harness kills it after the workload. */
  readonly crashAfterOperation?: number;
  /** The follower is killed after it handed over this many changes (once per cycle). */
  readonly consumerKillAfterChanges: number;
  readonly sink: ChangeSink;
  /** Names the cycle's reader sessions in messages. */
  readonly label: string;
}

/** What one cycle did. */
export interface CdcCycleResult {
  /** The crash state the next cycle starts from; absent when the primary could not recover. */
  readonly next?: CrashState;
  readonly findings: readonly OracleFinding[];
  readonly commitsAcknowledged: number;
  /** Consumer crashes in the cycle (the mid-cycle kill, and the kill with the primary). */
  readonly consumerCrashes: number;
  readonly operations: number;
}

/** Runs one cycle; see the file comment. */
export async function runCdcCycle(options: CdcCycleOptions): Promise<CdcCycleResult> {
  const directory = createTemporaryDirectory('cdc-primary');
  const traceDirectory = createTemporaryDirectory('cdc-trace');
  const tracePath = join(traceDirectory, 'trace.bin');
  const { sink } = options;
  let consumerCrashes = 0;
  let commitsAcknowledged = 0;
  try {
    if (options.base !== undefined) materialiseCrashState(options.base, new NodeFileSystem(), directory);
    const shim = { root: directory, tracePath, seed: options.faultSeed, faults: [], ...(options.crashAfterOperation === undefined ? {} : { crashAfterOperation: options.crashAfterOperation }) };
    const started = options.base === undefined ? await startEngine(options.launch, { directory, shim }) : await startRecovering(options.launch, directory, shim);
    switch (started.kind) {
      case 'failed':
      case 'fatal':
        return { findings: [{ property: 'P4', message: `the primary could not recover the previous cycle's crash state (${started.code}: ${started.message})` }], commitsAcknowledged, consumerCrashes, operations: 0 };
      case 'crashed':
        break;
      case 'ready': {
        const { engine } = started;
        let handedOver = 0;
        let follower: CdcReader | undefined;
        let restart: Promise<void> = Promise.resolve();
        const follow = (): CdcReader =>
          startCdcReader({
            directory,
            fromLsn: sink.startSession(`${options.label}, follower`),
            follow: true,
            defects: options.readerDefects,
            onChange: (change) => {
              sink.receive(change);
              handedOver += 1;
              if (handedOver !== options.consumerKillAfterChanges) return;
              // The consumer crashes: the reader dies and what the sink had not confirmed is lost; it restarts from the confirmed LSN.
              const dying = follower;
              consumerCrashes += 1;
              sink.crash();
              restart = (async () => {
                await dying?.kill();
                follower = follow();
              })();
            },
          });
        follower = follow();
        try {
          await driveWorkload(engine, options.workload, {
            onAnswer: (_tx, answer) => {
              if (answer.kind === 'ack') commitsAcknowledged += 1;
            },
          });
        } finally {
          await engine.kill();
          await restart;
          await follower.kill();
        }
        consumerCrashes += 1;
        sink.crash();
        break;
      }
      default:
        return assertNever(started, 'engine start result');
    }
    // The drain: everything the reader can emit from what the dead primary left (see the file comment).
    // A primary killed before it created its store left nothing to read.
    if (existsSync(join(directory, CONTROL_FILE_FORMAT.fileName))) {
      const drain = startCdcReader({ directory, fromLsn: sink.startSession(`${options.label}, drain of the killed primary's page cache`), follow: false, defects: options.readerDefects, onChange: (change) => sink.receive(change) });
      await drain.finished();
      sink.confirm();
    }
    const records = existsSync(tracePath) ? readTrace(tracePath).records : [];
    const builder = createCrashStateBuilder(options.base === undefined ? {} : { base: options.base.files, baseDirectories: options.base.directories });
    for (const record of records) builder.apply(record);
    const next = builder.build(options.model, stateSeed(options.seed, builder.operationCount, options.model));
    return { next, findings: [], commitsAcknowledged, consumerCrashes, operations: builder.operationCount };
  } finally {
    removeTemporaryDirectory(directory);
    removeTemporaryDirectory(traceDirectory);
  }
}
