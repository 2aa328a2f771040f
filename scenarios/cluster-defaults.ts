/**
 * Shared building blocks of the failover scenarios: a small store, a workload
 * of short commits from eight clients (so a group flush is usually in flight
 * when the failure strikes), and a replica disk slowed by a fixed sync latency
 * (so an asynchronous replica is reliably behind).
 */
import type { ScenarioWorkload } from '../harness/core/scenario.js';
import type { ReferenceEngineOptions } from '../harness/engine-client/engine-launch.js';
import type { InjectedFault } from '../harness/shim/shim-config.js';

/** 64 KiB segments, checkpoints every 256 KiB of WAL: the runs' WAL stays retained for catch-up. */
export const CLUSTER_ENGINE = { segmentSizeBytes: 64 * 1024, checkpointWalBytes: 256 * 1024 } as const satisfies ReferenceEngineOptions;

/** Sixty commits of small values from eight clients. */
export const CLUSTER_WORKLOAD = { operationCount: 60, keyCount: 16, clients: 8, valueSizeBytesMax: 256 } as const satisfies ScenarioWorkload;

/** Every replica sync takes 15 ms longer: a slow replica disk. */
export const SLOW_REPLICA_DISK: readonly InjectedFault[] = [{ kind: 'latency', meanMs: 15, distribution: 'fixed', capMs: 15, target: { operations: ['sync'] } }];
