/** Failover to an asynchronous replica on a slow disk: acknowledged commits are lost (R1, with the bound reported), but only a suffix (R2). */
import type { Scenario } from '../harness/core/scenario.js';
import { CLUSTER_ENGINE, CLUSTER_WORKLOAD, SLOW_REPLICA_DISK } from './cluster-defaults.js';

export const failoverAsync = {
  name: 'failover-async',
  description:
    'A primary acknowledging at local durability and an asynchronous replica whose syncs take 15 ms more; both machines lose power and the replica is promoted. Acknowledged commits are lost (R1, reported with how many and the time they span) and they are a suffix of the commit order (R2 holds).',
  mode: 'cluster',
  cluster: { replication: 'asynchronous', failures: ['both-power-loss'], replicaFaults: SLOW_REPLICA_DISK },
  engine: { kind: 'reference', options: CLUSTER_ENGINE },
  models: ['power-loss'],
  workload: CLUSTER_WORKLOAD,
  budget: { runs: 3 },
  expected: 'violation',
  expectedProperties: ['R1'],
} as const satisfies Scenario;
