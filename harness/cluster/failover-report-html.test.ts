/**
 * End to end: a failover-async campaign (a real primary and replica, both
 * losing power) reports its R1 violation with a timeline of both machines, the
 * HTML report draws the two lanes with the lost commits marked, and report.json
 * still validates against its schema. Cluster runs start the compiled engine.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../reports/render-html.js';
import { renderJsonReport } from '../../reports/render-json.js';
import { failoverAsync } from '../../scenarios/failover-async.js';
import { runCampaign } from '../campaign/run-campaign.js';
import { PROPERTY_NAMES } from '../oracle/property-names.js';
import { ensureFreshBuild } from '../cli/commands/test-support/ensure-fresh-build.js';

beforeAll(async () => {
  await ensureFreshBuild();
}, 240_000);

describe('the HTML report of a failover', () => {
  it('draws the primary and the replica on one timeline, with the lost acknowledged commits marked', async () => {
    const report = await runCampaign({ command: 'crash', scenarios: [failoverAsync], seed: 1, runs: 2, timeBudgetMs: 60_000, engineLabel: 'reference', replay: 'unplug crash --scenario failover-async' });
    const violation = report.scenarios[0]?.violations.find((candidate) => candidate.property === 'R1');
    expect(violation, 'failover-async lost no acknowledged commit in 2 runs').toBeDefined();
    const timeline = violation?.timeline ?? [];
    expect(new Set(timeline.map((event) => event.machine))).toEqual(new Set(['primary', 'replica']));
    expect(timeline.some((event) => event.kind === 'ack' && event.survived === false)).toBe(true);
    expect(timeline.find((event) => event.kind === 'crash')?.machine).toBe('primary');

    const html = renderHtmlReport(report);
    expect(html).toContain('>primary machine</text>');
    expect(html).toContain('>replica machine</text>');
    expect(html).toMatch(/<tr class="status-lost"><td>\d+<\/td><td>ack<\/td><td>primary<\/td><td>tx \d+ at [0-9A-F]+\/[0-9A-F]+<\/td><td>✗ lost<\/td><\/tr>/);
    expect(html).toMatch(/<td>replica<\/td><td>promoted to primary at [0-9A-F]+\/[0-9A-F]+ \(timeline \d+\)/);

    const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../schemas/campaign-report.schema.json', import.meta.url)), 'utf8')) as { readonly definitions: { readonly property: { readonly enum: readonly string[] } } };
    // The schema names every property the oracle can report (it once stopped at A1, so cluster reports did not validate).
    expect(schema.definitions.property.enum).toEqual(PROPERTY_NAMES);
    const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);
    expect(validate(JSON.parse(renderJsonReport(report))), JSON.stringify(validate.errors)).toBe(true);
  }, 180_000);
});
