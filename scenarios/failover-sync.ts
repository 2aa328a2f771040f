/** Failover to a synchronous replica: no machine failure may lose an acknowledged commit (R1), nor leave a hole (R2). */
import type { Scenario } from '../harness/core/scenario.js';
import { CLUSTER_ENGINE, CLUSTER_WORKLOAD } from './cluster-defaults.js';

export const failoverSync = {
  name: 'failover-sync',
  description:
    'A primary and a synchronous replica as real processes; the primary crashes, both machines lose power, or the replica\'s machine loses power and catches up before the primary crashes; the replica is promoted and must hold every acknowledged commit (R1) with no hole (R2).',
  mode: 'cluster',
  cluster: { replication: 'synchronous', failures: ['primary-crash', 'both-power-loss', 'replica-power-loss'] },
  engine: { kind: 'reference', options: CLUSTER_ENGINE },
  models: ['power-loss'],
  workload: CLUSTER_WORKLOAD,
  budget: { runs: 2 },
  expected: 'durable',
} as const satisfies Scenario;
