/**
 * A progress bar for long campaigns, on stderr, only when stderr is a
 * terminal: CI logs and `--json` pipelines stay clean.
 */
import cliProgress from 'cli-progress';
import type { CampaignCounts } from '../../reports/report-types.js';
import type { Scenario } from '../core/scenario.js';

/** What the campaign calls while it runs. */
export interface CampaignProgress {
  scenarioStarted(scenario: Scenario, index: number): void;
  update(scenario: Scenario, counts: CampaignCounts): void;
  stop(): void;
}

const QUIET: CampaignProgress = { scenarioStarted: () => {}, update: () => {}, stop: () => {} };

/** A progress bar over the scenarios when stderr is a TTY; silence otherwise. */
export function createCampaignProgress(scenarioCount: number, stream: NodeJS.WriteStream = process.stderr): CampaignProgress {
  if (stream.isTTY !== true) return QUIET;
  const bar = new cliProgress.SingleBar(
    { stream, format: 'unplug [{bar}] {value}/{total} scenarios | {scenario} | {crashes} crashes, {states} crash states, {acked} acked', hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(scenarioCount, 0, { scenario: '', crashes: 0, states: 0, acked: 0 });
  const before = { crashes: 0, states: 0, acked: 0 };
  const done = { crashes: 0, states: 0, acked: 0 };
  return {
    scenarioStarted(scenario, index) {
      before.crashes = done.crashes;
      before.states = done.states;
      before.acked = done.acked;
      bar.update(index, { scenario: scenario.name });
    },
    update(_scenario, counts) {
      done.crashes = before.crashes + counts.crashes;
      done.states = before.states + counts.crashStates;
      done.acked = before.acked + counts.commitsAcked;
      bar.update({ crashes: done.crashes, states: done.states, acked: done.acked });
    },
    stop() {
      bar.update(scenarioCount);
      bar.stop();
    },
  };
}
