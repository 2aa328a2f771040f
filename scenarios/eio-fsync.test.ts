/**
 * EIO on fsync against the correct engine, beyond the oracle's verdict: the
 * failed commit is reported as failed, and the engine refuses every later
 * commit instead of retrying the sync (fsyncgate).
 */
import { describe, expect, it } from 'vitest';
import { generateWorkload } from '../harness/workload/generate-workload.js';
import { traceWorkload } from '../harness/runner/explore/explore-workload.js';
import { historyFromTrace } from '../harness/core/traced-history.js';
import { defectRetryFsyncAfterError } from './defect-retry-fsync-after-error.js';
import { eioFsync } from './eio-fsync.js';

describe('eio-fsync', () => {
  it('fails the commit whose sync failed and refuses every later one', async () => {
    const workload = generateWorkload(3, { ...eioFsync.workload, operationCount: 12, checkpointFraction: 0, clients: 1 });
    const run = await traceWorkload(eioFsync, workload, 3, 0);
    const commits = historyFromTrace(run.records, run.commits, new Map()).commits;
    const firstFailure = commits.findIndex((commit) => commit.status === 'failed');
    expect(run.records.some((record) => record.kind === 'fault')).toBe(true);
    expect(firstFailure).toBeGreaterThan(0);
    expect(commits.slice(firstFailure).every((commit) => commit.status !== 'acknowledged')).toBe(true);
  });

  it('shows the contrast: with retry-fsync-after-error the engine keeps acknowledging', async () => {
    const workload = generateWorkload(3, { ...eioFsync.workload, operationCount: 12, checkpointFraction: 0, clients: 1 });
    const run = await traceWorkload(defectRetryFsyncAfterError, workload, 3, 0);
    const commits = historyFromTrace(run.records, run.commits, new Map()).commits;
    expect(run.records.some((record) => record.kind === 'fault')).toBe(true);
    expect(commits.every((commit) => commit.status === 'acknowledged')).toBe(true);
  });
});
