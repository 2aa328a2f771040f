/**
 * How an explore violation's crash point reads in reports: a boundary counts
 * the traced run's file-system operations, which a workload operation (one
 * commit) turns into several, so the two counts are named apart.
 */

/** `after N file-system operations of a run of M workload operations (how)`, read after "crash". */
export function describeExploreCrashPoint(boundary: number, workloadOperations: number, how: string): string {
  const operations = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
  return `after ${operations(boundary, 'file-system operation')} of a run of ${operations(workloadOperations, 'workload operation')} (${how})`;
}
