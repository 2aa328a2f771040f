/**
 * `unplug crash`: the crash campaign. With no `--scenario`, every baseline
 * scenario (the README's first command); each scenario runs in its own mode
 * (live SIGKILL cycles, or exploration of every boundary of traced runs).
 */
import { SCENARIOS, baselineScenarios } from '../../../scenarios/index.js';
import { CAMPAIGN_EXIT_CODES_HELP, CAMPAIGN_HELP_OPTIONS } from '../../campaign/campaign-help.js';
import { parseCampaignArguments } from '../../campaign/campaign-arguments.js';
import { executeCampaign } from '../../campaign/execute-campaign.js';
import { EXIT_CODES } from '../exit-codes.js';

const HELP = `usage: unplug crash [options]

Runs a crash campaign against a storage engine and checks that every
acknowledged commit survives every crash (properties P1-P4 and A1).
With no --scenario, runs every baseline scenario against the reference engine.

${CAMPAIGN_HELP_OPTIONS}

${CAMPAIGN_EXIT_CODES_HELP}
`;

/** Runs `unplug crash`. */
export async function runCrashCommand(argv: readonly string[]): Promise<number> {
  const parsed = parseCampaignArguments('crash', argv, { all: SCENARIOS, defaults: baselineScenarios() });
  if (parsed.help) {
    process.stdout.write(HELP);
    return EXIT_CODES.ok;
  }
  return executeCampaign('crash', parsed);
}
