/**
 * A scenario as data: which engine, which workload, which fault models and
 * injected faults, how much to run, and the verdict a correct harness must
 * reach. Scenario files in `scenarios/` are values of this type
 * (`as const satisfies Scenario`); the runner interprets them.
 */
import type { PropertyName, ScenarioVerdict } from '../oracle/property-names.js';
import type { CrashModel } from '../crash-state/crash-models.js';
import type { MetadataModel } from '../crash-state/metadata-models.js';
import type { EngineLaunch } from '../engine-client/engine-launch.js';
import type { InjectedFault } from '../shim/shim-config.js';

/** How a scenario crashes the engine. */
export type RunMode =
  /** Real child processes, SIGKILLed at a seeded operation, several crash/recover/continue cycles per run. */
  | 'live'
  /** One traced run per workload, then the crash state at every operation boundary under every model. */
  | 'explore'
  /** WAL archiving, backups and point-in-time restore, checked by B1-B3 (harness/runner/archive/). */
  | 'archive'
  /** A primary and a replica as real processes, a machine failure, failover, checked by R1/R2 (harness/cluster/). */
  | 'cluster'
  /** Change data capture under primary and consumer crashes, checked by C1 (harness/cdc/). */
  | 'cdc';

/** How a cluster scenario fails its machines (harness/cluster/failover-run.ts). */
export const CLUSTER_FAILURES = Object.freeze([
  /** The primary's process is SIGKILLed (or its machine loses power: failover never reads its disk); the replica runs on and is promoted. */
  'primary-crash',
  /** Both machines lose power at once: the replica restarts from a power-loss crash state of its trace, then is promoted. */
  'both-power-loss',
  /** The replica's machine loses power while the primary runs on: it restarts from its power-loss state, catches up, then the primary crashes and it is promoted. */
  'replica-power-loss',
] as const);
/** One of `CLUSTER_FAILURES`. */
export type ClusterFailure = (typeof CLUSTER_FAILURES)[number];

/** What a cluster-mode scenario runs. */
export interface ClusterSetup {
  readonly replication: 'synchronous' | 'asynchronous';
  /** Each run tries one failover per failure listed. */
  readonly failures: readonly ClusterFailure[];
  /** Faults the shim injects into the replica (a slow replica disk makes lag certain). */
  readonly replicaFaults?: readonly InjectedFault[];
}

/** What an archive-mode scenario checks (see harness/runner/archive/archive-scenario.ts). */
export interface ArchiveCheck {
  readonly check: 'coverage' | 'pitr' | 'outage';
  /** `pitr`: restore targets per run. @defaultValue 20 */
  readonly targets?: number;
}

/** The workload shape of a scenario (see `WorkloadOptions`). */
export interface ScenarioWorkload {
  readonly operationCount: number;
  readonly keyCount: number;
  readonly clients: number;
  readonly writesPerCommitMax?: number;
  readonly valueSizeBytesMax?: number;
  readonly valueSizeBytesMin?: number;
  readonly deleteFraction?: number;
  readonly checkpointFraction?: number;
}

/** How much a scenario runs by default; the command line can override. */
export interface ScenarioBudget {
  /** Runs (each a fresh data directory and workload). */
  readonly runs: number;
  /** Live mode: crash/recover/continue cycles per run. @defaultValue 3 */
  readonly cyclesPerRun?: number;
  /** Explore mode: check every Nth boundary only (1: every one). @defaultValue 1 */
  readonly boundaryStride?: number;
  /** Explore mode: passed crash states per run whose recovery is traced and explored too. @defaultValue 1 */
  readonly recoveryRuns?: number;
}

/** A named scenario with its expected verdict. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly mode: RunMode;
  readonly engine: EngineLaunch;
  /** The crash-state models each crash is checked under. */
  readonly models: readonly CrashModel[];
  /** When directory operations become durable, each model checked in turn (`--metadata`). @defaultValue ['strict'] */
  readonly metadata?: readonly MetadataModel[];
  /** Faults the shim injects (EIO, ENOSPC, latency). */
  readonly faults?: readonly InjectedFault[];
  readonly workload: ScenarioWorkload;
  readonly budget: ScenarioBudget;
  /** 'durable': no violation may be found; 'violation': the harness must find one. */
  readonly expected: ScenarioVerdict;
  /** For expected violations: the properties that must catch it (at least one of them). */
  readonly expectedProperties?: readonly PropertyName[];
  /** Part of the default `unplug crash` campaign. */
  readonly baseline?: boolean;
  /** Archive mode: which archive property the runs check. */
  readonly archive?: ArchiveCheck;
  /** Cluster mode: replication mode and machine failures. */
  readonly cluster?: ClusterSetup;
}
