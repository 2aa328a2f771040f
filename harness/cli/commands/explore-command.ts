/**
 * `unplug explore`: every scenario in explore mode: one traced run per
 * workload, then the crash state at every operation boundary under every model.
 */
import { SCENARIOS, baselineScenarios } from '../../../scenarios/index.js';
import { CAMPAIGN_EXIT_CODES_HELP, CAMPAIGN_HELP_OPTIONS } from '../../campaign/campaign-help.js';
import { parseCampaignArguments } from '../../campaign/campaign-arguments.js';
import { executeCampaign } from '../../campaign/execute-campaign.js';
import { EXIT_CODES } from '../exit-codes.js';

const HELP = `usage: unplug explore [options]

Traces each workload once, then builds and checks the crash state at every
operation boundary of the trace under every fault model (ALICE-style). Failures
shrink to a minimal workload, crash point and set of surviving writes, and
print an 'unplug replay' line. With no --scenario, explores the baselines.

${CAMPAIGN_HELP_OPTIONS}

${CAMPAIGN_EXIT_CODES_HELP}
`;

/** Runs `unplug explore`. */
export async function runExploreCommand(argv: readonly string[]): Promise<number> {
  const parsed = parseCampaignArguments('explore', argv, { all: SCENARIOS, defaults: baselineScenarios() });
  if (parsed.help) {
    process.stdout.write(HELP);
    return EXIT_CODES.ok;
  }
  return executeCampaign('explore', parsed, 'explore');
}
