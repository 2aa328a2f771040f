/**
 * `unplug scenarios`: the catalogue, one line per scenario with its mode,
 * expected verdict and (for expected violations) the properties that must
 * catch it; `--json` prints it as one JSON document.
 */
import { SCENARIOS } from '../../../scenarios/index.js';
import { EXIT_CODES } from '../exit-codes.js';
import { parseCommandArguments } from '../parse-arguments.js';

const HELP = `usage: unplug scenarios [--json]

Lists the named scenarios, their mode (live or explore), their expected
verdict, and for expected violations the properties that must catch them.
Baseline scenarios (marked *) make up the default 'unplug crash' campaign.
`;

/** Runs `unplug scenarios`. */
export async function runScenariosCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseCommandArguments('scenarios', argv, { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const);
  if (values.help === true) {
    process.stdout.write(HELP);
    return EXIT_CODES.ok;
  }
  if (values.json === true) {
    const scenarios = SCENARIOS.map((scenario) => ({
      name: scenario.name,
      description: scenario.description,
      mode: scenario.mode,
      expected: scenario.expected,
      expectedProperties: scenario.expectedProperties ?? [],
      models: scenario.models,
      baseline: scenario.baseline === true,
    }));
    process.stdout.write(`${JSON.stringify({ tool: 'unplug', command: 'scenarios', scenarios }, null, 2)}\n`);
    return EXIT_CODES.ok;
  }
  const width = Math.max(...SCENARIOS.map((scenario) => scenario.name.length));
  for (const scenario of SCENARIOS) {
    const expected = scenario.expected === 'violation' ? `violation (${(scenario.expectedProperties ?? []).join(', ')})` : 'durable';
    process.stdout.write(`${scenario.baseline === true ? '*' : ' '} ${scenario.name.padEnd(width)}  ${scenario.mode.padEnd(7)}  ${expected}\n`);
  }
  return EXIT_CODES.ok;
}
