/**
 * One failover, end to end with real processes: a primary and a replica are
 * started, a seeded workload runs against the primary from concurrent
 * clients, and at a seeded acknowledgement count the run's machine failure
 * strikes (SIGKILL, with the replica's unsynced writes dropped when its
 * machine loses power). The replica is then promoted and its state is checked
 * against everything the primary acknowledged: R1 and R2
 * (harness/oracle/failover-property.ts).
 */
import { join } from 'node:path';
import type { TimelineEvent } from '../../reports/report-types.js';
import type { ClusterFailure, ClusterSetup } from '../core/scenario.js';
import type { ReferenceEngineOptions } from '../engine-client/engine-launch.js';
import type { EngineProcess } from '../engine-client/engine-process.js';
import { createTemporaryDirectory, removeTemporaryDirectory } from '../engine-client/process-registry.js';
import { driveWorkload } from '../core/drive-workload.js';
import { checkFailover, type FailoverLoss } from '../oracle/failover-property.js';
import type { OracleFinding, RecoveryResult } from '../oracle/oracle-types.js';
import type { Workload } from '../workload/workload-types.js';
import { assertNever } from '../../engine/invariants.js';
import { ClusterHistoryRecorder } from './cluster-history.js';
import { buildClusterTimeline } from './cluster-timeline.js';
import { clusterPaths, restartReplicaAfterPowerLoss, startPrimary, startTracedReplica, type ClusterPaths } from './cluster-nodes.js';

/** Options of one failover run. */
export interface FailoverRunOptions {
  readonly engine: ReferenceEngineOptions;
  readonly setup: ClusterSetup;
  readonly failure: ClusterFailure;
  readonly workload: Workload;
  /** The shim's seed and the crash state's seed. */
  readonly seed: number;
  /** The failure strikes once this many commits were acknowledged (or when the workload ends first). */
  readonly failAtAck: number;
}

/** What one failover found. */
export interface FailoverRunResult {
  readonly findings: readonly OracleFinding[];
  readonly loss: FailoverLoss;
  readonly acknowledged: number;
  /** The acknowledgement count at which the failure struck. */
  readonly failedAtAck: number;
  readonly promotedTimeline: number | undefined;
  /** Both machines' timeline of this failover, for the report. */
  readonly timeline: readonly TimelineEvent[];
}

/** Runs one failover; every child and directory is gone when it returns. */
export async function runFailover(options: FailoverRunOptions): Promise<FailoverRunResult> {
  const root = createTemporaryDirectory('cluster');
  const paths = clusterPaths(root);
  const children: EngineProcess[] = [];
  try {
    const primary = await startPrimary(paths, options.engine, options.setup.replication === 'synchronous');
    children.push(primary);
    let replica = await startTracedReplica(paths, options.engine, options.seed, options.setup.replicaFaults ?? []);
    children.push(replica);
    const recorder = new ClusterHistoryRecorder();
    let struck: Promise<void> | undefined;
    let failedAtAck = 0;
    let crashedAtMs = 0;
    let failedAtTick = 0;
    let primaryCrashedAtTick = 0;
    const strike = async (): Promise<void> => {
      failedAtAck = recorder.acknowledged;
      crashedAtMs = Date.now();
      failedAtTick = recorder.now;
      switch (options.failure) {
        case 'primary-crash':
          await primary.kill();
          primaryCrashedAtTick = recorder.now;
          return;
        case 'both-power-loss':
          await Promise.all([replica.kill(), primary.kill()]);
          primaryCrashedAtTick = recorder.now;
          return;
        case 'replica-power-loss': {
          await replica.kill();
          const restarted = await restartReplicaAfterPowerLoss(paths, options.engine, join(root, 'replica-restarted'), options.seed);
          if (restarted.kind === 'failed') throw new ReplicaRecoveryFailed(restarted.code, restarted.message);
          replica = restarted.engine;
          children.push(replica);
          // The replica catches up from the primary (or holds synchronous commits back until it does); then the primary crashes.
          await primary.kill();
          primaryCrashedAtTick = recorder.now;
          crashedAtMs = Date.now();
          return;
        }
        default:
          assertNever(options.failure, 'cluster failure');
      }
    };
    let recoveryFailure: RecoveryResult | undefined;
    const guardedStrike = (): void => {
      struck ??= strike().catch((error: unknown) => {
        if (!(error instanceof ReplicaRecoveryFailed)) throw error;
        recoveryFailure = { kind: 'failed', code: error.code, message: error.message };
      });
    };
    await driveWorkload(primary, options.workload, {
      onIssue: (tx, writes) => recorder.issue(tx, writes),
      onAnswer: (tx, answer) => {
        recorder.answer(tx, answer);
        if (recorder.acknowledged >= options.failAtAck) guardedStrike();
      },
    });
    guardedStrike();
    await struck;
    const promoted = recoveryFailure === undefined ? await promote(options.failure === 'both-power-loss' ? await afterPowerLoss(paths, options, root, children) : replica) : { state: recoveryFailure, receipt: undefined };
    const history = recorder.history();
    const judgement = checkFailover(history, promoted.state, recorder.acknowledgedAtMs, crashedAtMs);
    const promotion = promoted.state.kind === 'failed' ? { kind: 'failed' as const, message: `${promoted.state.code}: ${promoted.state.message}` } : { kind: 'promoted' as const, timeline: promoted.receipt?.timeline, lsn: promoted.receipt?.lsn };
    const timeline = buildClusterTimeline({ history, failure: options.failure, failedAtTick, primaryCrashedAtTick, lostTxs: judgement.lostTxs, promotion });
    return { findings: judgement.findings, loss: judgement.loss, acknowledged: recorder.acknowledged, failedAtAck, promotedTimeline: promoted.receipt?.timeline, timeline };
  } finally {
    await Promise.all(children.map((child) => child.kill()));
    removeTemporaryDirectory(root);
  }
}

class ReplicaRecoveryFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Both machines lost power: the replica restarts from its power-loss state (a failed recovery is the finding). */
async function afterPowerLoss(paths: ClusterPaths, options: FailoverRunOptions, root: string, children: EngineProcess[]): Promise<EngineProcess | RecoveryResult> {
  const restarted = await restartReplicaAfterPowerLoss(paths, options.engine, join(root, 'replica-after-power-loss'), options.seed);
  if (restarted.kind === 'failed') return { kind: 'failed', code: restarted.code, message: restarted.message };
  children.push(restarted.engine);
  return restarted.engine;
}

/** Promotes the replica and dumps the new primary's state (a replica that could not recover, or refused, is the state judged). */
async function promote(replica: EngineProcess | RecoveryResult): Promise<{ readonly state: RecoveryResult; readonly receipt: { readonly timeline: number; readonly lsn: string } | undefined }> {
  if (!('promote' in replica)) return { state: replica, receipt: undefined };
  const receipt = await replica.promote();
  if (receipt === undefined) return { state: { kind: 'failed', code: 'EXITED', message: 'the replica exited while being promoted' }, receipt: undefined };
  if (receipt.kind === 'error') return { state: { kind: 'failed', code: receipt.code, message: `promotion refused: ${receipt.message}` }, receipt: undefined };
  const entries = await replica.dump();
  if (entries === undefined) return { state: { kind: 'failed', code: 'EXITED', message: 'the promoted replica exited before its dump' }, receipt: undefined };
  return { state: { kind: 'recovered', entries }, receipt: { timeline: receipt.timeline, lsn: receipt.lsn } };
}
