/**
 * Seeded workload generation: a sample of `workloadArbitrary` for a seed, so
 * that a workload generated here and one fast-check generates in a property are
 * the same kind of thing, and the same seed always gives the same workload.
 */
import fc from 'fast-check';
import { assert } from '../../engine/invariants.js';
import { workloadArbitrary } from './workload-arbitrary.js';
import type { Workload, WorkloadOptions } from './workload-types.js';

/** The workload of `seed`: deterministic, with exactly `operationCount` operations. */
export function generateWorkload(seed: number, options: WorkloadOptions): Workload {
  const [workload] = fc.sample(workloadArbitrary(options, options.operationCount), { seed, numRuns: 1 });
  assert(workload !== undefined, 'fc.sample returned no workload');
  return workload;
}
