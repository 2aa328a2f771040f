// Recovery of the reference engine on worker threads: each state recovers as
// on the main thread (the worker calls the same function), and a campaign's
// report is the same with one job (main thread) and two (worker threads),
// for a durable baseline and for a defect whose violations must come out the same.
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../scenarios/index.js';
import type { ScenarioReport } from '../../reports/report-types.js';
import { recoverReferenceInProcess } from '../core/recover-crash-state.js';
import { createCrashStateBuilder } from '../crash-state/crash-state-builder.js';
import { runExploreScenario } from '../runner/explore/explore-scenario.js';
import { traceWorkload } from '../runner/explore/explore-workload.js';
import { generateWorkload } from '../workload/generate-workload.js';
import { recoverReferenceOnWorker } from './reference-recovery-workers.js';

const scenario = (name: string) => {
  const found = SCENARIOS.find((known) => known.name === name);
  if (found === undefined) throw new Error(`no scenario ${name}`);
  return found;
};

/** What must not depend on where states were recovered. */
function outcome(report: ScenarioReport): unknown {
  return { verdict: report.verdict, counts: report.counts, violations: report.violations.map((violation) => [violation.property, violation.message, violation.replay]) };
}

describe('reference recovery on worker threads', () => {
  it('recovers every state of a traced run as the main thread does, refusals included', async () => {
    const baseline = scenario('baseline-torn-sectors');
    if (baseline.engine.kind !== 'reference') throw new Error('a reference scenario');
    const options = baseline.engine.options;
    const run = await traceWorkload(baseline, generateWorkload(5, { ...baseline.workload, firstTx: 1 }), 5, 0);
    const builder = createCrashStateBuilder();
    const states = [];
    for (const [index, record] of run.records.entries()) {
      builder.apply(record);
      if (index % 3 === 0) for (const model of ['power-loss', 'torn-sectors', 'bitrot'] as const) states.push(builder.build(model, index));
    }
    const results = await Promise.all(states.map((state) => recoverReferenceOnWorker(state, options, 2)));
    let failed = 0;
    for (const [index, state] of states.entries()) {
      const expected = await recoverReferenceInProcess(state, options);
      expect(results[index]).toEqual(expected);
      if (expected.kind === 'failed') failed += 1;
    }
    expect(states.length).toBeGreaterThan(20);
    // Bit rot makes the engine refuse some states: refusals travel back as results too.
    expect(failed).toBeGreaterThan(0);
  }, 60_000);

  it.each(['baseline-power-loss', 'defect-ack-before-sync'])('gives %s the same report with one job and with two', async (name) => {
    const chosen = scenario(name);
    const single = await runExploreScenario(chosen, { seed: 9, jobs: 1, runs: 12, timeBudgetMs: 60_000 });
    const parallel = await runExploreScenario(chosen, { seed: 9, jobs: 2, runs: 12, timeBudgetMs: 60_000 });
    expect(single.verdict).toBe(chosen.expected);
    expect(outcome(parallel)).toEqual(outcome(single));
  }, 120_000);
});
