// An engine that dies while recovering a crash state gets a P4 verdict; one that
// dies on its first, empty directory is an infrastructure failure (exit 3).
// Engines run under the compiled preload shim: `npm test` builds first.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InfrastructureError } from '../cli/exit-codes.js';
import { liveResourceCounts } from '../engine-client/process-registry.js';
import { runExploreScenario } from './explore/explore-scenario.js';
import { runLiveScenario } from './live/live-scenario.js';
import type { Scenario } from '../core/scenario.js';

const fixture = (name: string): string => `node ${join(fileURLToPath(new URL('../engine-client/test-support/', import.meta.url)), name)}`;

const scenario = (mode: Scenario['mode'], engineFile: string): Scenario => ({
  name: 'recovery-death',
  description: 'test',
  mode,
  engine: { kind: 'command', command: fixture(engineFile) },
  models: ['process-crash'],
  workload: { operationCount: 3, keyCount: 2, clients: 1, valueSizeBytesMax: 64 },
  budget: { runs: 1, cyclesPerRun: 1 },
  expected: 'durable',
});

const RECOVERY_DEATH = /recovery failed \(EXITED_BEFORE_READY: the engine exited with code 1 while recovering; stderr: .*Error: recovery is not implemented\) in a crash state the process-crash model allows/;

describe('an engine that dies before it is ready', () => {
  it('while recovering a crash state in explore mode is a P4 violation with its exit code and stderr', async () => {
    const before = liveResourceCounts();
    const report = await runExploreScenario(scenario('explore', 'crashes-on-recovery-engine.mjs'), { seed: 3, timeBudgetMs: 10_000 });
    expect(report.verdict).toBe('violation');
    expect(report.violations[0]?.property).toBe('P4');
    expect(report.violations[0]?.message).toMatch(RECOVERY_DEATH);
    expect(liveResourceCounts()).toEqual(before);
  });

  it('while recovering a crash state in live mode is a P4 violation too', async () => {
    const report = await runLiveScenario(scenario('live', 'crashes-on-recovery-engine.mjs'), { seed: 3 });
    expect(report.verdict).toBe('violation');
    expect(report.violations.map((violation) => violation.property)).toContain('P4');
    expect(report.violations.find((violation) => violation.property === 'P4')?.message).toMatch(RECOVERY_DEATH);
  });

  it('on its first, empty directory is an InfrastructureError (exit 3), not a verdict', async () => {
    const run = runExploreScenario(scenario('explore', 'dies-at-start-engine.mjs'), { seed: 3 });
    await expect(run).rejects.toBeInstanceOf(InfrastructureError);
    await expect(run).rejects.toThrow(/exited with code 1 before it was ready; stderr: cannot open data directory: permission denied/);
  });
});
