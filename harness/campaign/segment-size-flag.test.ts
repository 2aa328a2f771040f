// `--segment-size`: the reference engine's WAL segments for a campaign or a
// replay, refused with a clear line for a bad size or an engine it cannot
// reach, carried into replay lines, and really reaching the engine.
import { execa } from 'execa';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCENARIOS, baselineScenarios } from '../../scenarios/index.js';
import { UsageError } from '../cli/exit-codes.js';
import { generateWorkload } from '../workload/generate-workload.js';
import { traceWorkload } from '../runner/explore/explore-workload.js';
import { parseCampaignArguments } from './campaign-arguments.js';

const CATALOGUE = { all: SCENARIOS, defaults: baselineScenarios() };
const UNPLUG = fileURLToPath(new URL('../../bin/unplug.js', import.meta.url));

describe('--segment-size', () => {
  it('sets the segment size of every reference-engine scenario, and names itself in replay lines', () => {
    const parsed = parseCampaignArguments('crash', ['--segment-size', '16m'], CATALOGUE);
    expect(parsed.scenarios.length).toBeGreaterThan(1);
    for (const scenario of parsed.scenarios) expect(scenario.engine).toMatchObject({ kind: 'reference', options: { segmentSizeBytes: 16 * 1024 * 1024 } });
    expect(parsed.replayFlags).toContainEqual(['segment-size', '16m']);
  });

  it.each(['3k', '2k', '2g', 'big', '0'])('refuses --segment-size %s naming the value', (value) => {
    expect(() => parseCampaignArguments('crash', ['--segment-size', value], CATALOGUE)).toThrow(UsageError);
    expect(() => parseCampaignArguments('crash', ['--segment-size', value], CATALOGUE)).toThrow(new RegExp(`--segment-size .*'${value}'`));
  });

  it('refuses it for an engine outside unplug, naming the scenario and the engine', () => {
    expect(() => parseCampaignArguments('crash', ['--segment-size', '4k', '--engine', 'node examples/append-only-store.mjs'], CATALOGUE)).toThrow(/--segment-size sets the reference engine's WAL segments; scenario 'baseline-\S+' runs engine 'node examples\/append-only-store\.mjs'/);
  });

  it('reaches the engine: a traced run preallocates segments of the size asked for', async () => {
    for (const [flag, sizeBytes] of [['16m', 16 * 1024 * 1024], ['4k', 4096]] as const) {
      const [scenario] = parseCampaignArguments('crash', ['--scenario', 'baseline-power-loss', '--segment-size', flag], CATALOGUE).scenarios;
      if (scenario === undefined) throw new Error('no scenario');
      const workload = generateWorkload(3, { ...scenario.workload, firstTx: 1 });
      const run = await traceWorkload(scenario, workload, 3, 0);
      const segmentEnds = run.records.flatMap((record) => (record.kind === 'write' ? [record.offsetBytes + record.data.byteLength] : []));
      expect(Math.max(...segmentEnds)).toBe(sizeBytes);
    }
  });

  it('a violation found with it replays with it', async () => {
    const campaign = await execa('node', [UNPLUG, 'crash', '--scenario', 'defect-ack-before-sync', '--segment-size', '64k', '--seed', '4', '--runs', '10', '--json'], { reject: false });
    // The defect scenario expects its violation, so the campaign passes.
    expect(campaign.exitCode, String(campaign.stderr)).toBe(0);
    type Report = { scenarios: { violations: { replay: string; message: string }[] }[] };
    const found = (JSON.parse(campaign.stdout) as Report).scenarios[0]?.violations[0];
    expect(found?.replay).toMatch(/ --segment-size 64k/);
    const argv = (found?.replay ?? '').replace(/^unplug /, '').match(/'[^']*'|\S+/g)?.map((word) => word.replace(/^'(.*)'$/, '$1')) ?? [];
    const replayed = await execa('node', [UNPLUG, ...argv, '--json'], { reject: false });
    expect(replayed.exitCode, String(replayed.stderr)).toBe(0);
    // The same commit lost at the same LSN: past 0/10000, so in a 64 KiB segment's geometry.
    const again = (JSON.parse(replayed.stdout) as Report).scenarios[0]?.violations[0];
    // (The bracketed context differs only in saying 'replayed'.)
    const lost = (message: string | undefined): string | undefined => message?.split(' [')[0];
    expect(lost(again?.message)).toBe(lost(found?.message));
    expect(found?.message).toMatch(/ at 0\/1[0-9A-F]{4} /);
  }, 120_000);
});
