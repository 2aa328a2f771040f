/**
 * A campaign's progress: totals across scenarios (kept always, so an
 * interrupted run can say how far it got) and a progress bar on stderr, only
 * when stderr is a terminal: CI logs and `--json` pipelines stay clean.
 */
import cliProgress from 'cli-progress';
import type { CampaignCounts } from '../../reports/report-types.js';
import type { Scenario } from '../core/scenario.js';

/** What the campaign calls while it runs. */
export interface CampaignProgress {
  scenarioStarted(scenario: Scenario, index: number): void;
  update(scenario: Scenario, counts: CampaignCounts): void;
  /** The totals so far, across scenarios. */
  totals(): CampaignCounts;
  /** Removes the bar and restores the terminal; safe to call more than once. */
  stop(): void;
}

/** Totals across scenarios: each scenario reports its own running counts. */
function createTally(): { started(): void; update(counts: CampaignCounts): void; totals(): CampaignCounts } {
  const zero: CampaignCounts = { runs: 0, crashes: 0, crashStates: 0, commitsAcked: 0 };
  let before = zero;
  let done = zero;
  return {
    started() {
      before = done;
    },
    update(counts) {
      done = {
        runs: before.runs + counts.runs,
        crashes: before.crashes + counts.crashes,
        crashStates: before.crashStates + counts.crashStates,
        commitsAcked: before.commitsAcked + counts.commitsAcked,
      };
    },
    totals: () => done,
  };
}

/** A progress bar over the scenarios when `stream` is a TTY; totals only otherwise. */
export function createCampaignProgress(scenarioCount: number, stream: NodeJS.WriteStream = process.stderr): CampaignProgress {
  const tally = createTally();
  if (stream.isTTY !== true) {
    return {
      scenarioStarted: () => tally.started(),
      update: (_scenario, counts) => tally.update(counts),
      totals: () => tally.totals(),
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { stream, format: 'unplug [{bar}] {value}/{total} scenarios | {scenario} | {crashes} crashes, {states} crash states, {acked} acked', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(scenarioCount, 0, { scenario: '', crashes: 0, states: 0, acked: 0 });
  let stopped = false;
  return {
    scenarioStarted(scenario, index) {
      tally.started();
      bar.update(index, { scenario: scenario.name });
    },
    update(_scenario, counts) {
      tally.update(counts);
      const done = tally.totals();
      bar.update({ crashes: done.crashes, states: done.crashStates, acked: done.commitsAcked });
    },
    totals: () => tally.totals(),
    stop() {
      if (stopped) return;
      stopped = true;
      bar.update(scenarioCount);
      bar.stop();
    },
  };
}
