/** Engine defect ack-before-replica-flush: synchronous mode acknowledging on send; failover after both machines lose power must catch it (R1). */
import type { Scenario } from '../harness/core/scenario.js';
import { CLUSTER_ENGINE, CLUSTER_WORKLOAD, SLOW_REPLICA_DISK } from './cluster-defaults.js';

export const defectAckBeforeReplicaFlush = {
  name: 'defect-ack-before-replica-flush',
  description:
    'Reference engine in synchronous replication with defect ack-before-replica-flush: a commit is acknowledged once handed to the replica\'s socket. When both machines lose power the replica\'s unsynced commits are gone, and the promoted replica lacks acknowledged commits (R1).',
  mode: 'cluster',
  cluster: { replication: 'synchronous', failures: ['both-power-loss'], replicaFaults: SLOW_REPLICA_DISK },
  engine: { kind: 'reference', options: { ...CLUSTER_ENGINE, defects: ['ack-before-replica-flush'] } },
  models: ['power-loss'],
  workload: CLUSTER_WORKLOAD,
  budget: { runs: 3 },
  expected: 'violation',
  expectedProperties: ['R1'],
} as const satisfies Scenario;
