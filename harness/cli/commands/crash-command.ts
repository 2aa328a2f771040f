/**
 * `unplug crash`: the crash campaign. With no `--scenario`, every baseline
 * scenario (the README's first command); each scenario runs in its own mode
 * (live SIGKILL cycles, or exploration of every boundary of traced runs).
 */
import { SCENARIOS, baselineScenarios } from '../../../scenarios/index.js';
import { CAMPAIGN_HELP_OPTIONS } from '../../campaign/campaign-help.js';
import { parseCampaignArguments } from '../../campaign/campaign-arguments.js';
import { executeCampaign } from '../../campaign/execute-campaign.js';
import { EXIT_CODES } from '../exit-codes.js';

const HELP = `usage: unplug crash [options]

Runs a crash campaign against a storage engine and checks that every
acknowledged commit survives every crash (properties P1-P4 and A1).
With no --scenario, runs every baseline scenario against the reference engine.

${CAMPAIGN_HELP_OPTIONS}

exit codes: 0 every verdict as expected, 1 a verdict differs, 2 bad usage, 3 infrastructure failure
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
