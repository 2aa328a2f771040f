import { describe, expect, it } from 'vitest';
import { renderJsonReport } from './render-json.js';
import type { CampaignReport } from './report-types.js';
import { SAMPLE_REPORT, SAMPLE_VIOLATION } from './test-support/sample-campaign-report.js';

/** The same object with its keys in reverse order, at every level. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, child]) => [key, reverseKeys(child)]));
}

describe('renderJsonReport', () => {
  const json = renderJsonReport(SAMPLE_REPORT);
  const parsed = JSON.parse(json) as CampaignReport;

  it('holds the whole report, with a trailing newline and two-space indentation', () => {
    expect(parsed).toEqual(JSON.parse(JSON.stringify(SAMPLE_REPORT)));
    expect(json.endsWith('}\n')).toBe(true);
    expect(json.split('\n')[1]).toBe('  "tool": "unplug",');
  });

  it('puts the fixed fields of docs/reports.md first, in a stable order', () => {
    expect(Object.keys(parsed)).toEqual(['tool', 'command', 'seed', 'verdict', 'scenarios', 'counts', 'rates', 'durationMs', 'engine', 'replay', 'shard']);
    expect(Object.keys(parsed.scenarios[1]!)).toEqual(['name', 'expected', 'verdict', 'description', 'counts', 'durationMs', 'replay', 'violationCount', 'violations']);
    expect(Object.keys(parsed.scenarios[1]!.violations[0]!).slice(0, 6)).toEqual(['property', 'replay', 'message', 'faultModel', 'seed', 'crashPoint']);
    expect(Object.keys(parsed.counts)).toEqual(['runs', 'crashes', 'crashStates', 'commitsAcked']);
    expect(Object.keys(parsed.scenarios[1]!.violations[0]!.timeline![0]!)).toEqual(['index', 'kind', 'path', 'detail', 'survived']);
  });

  it('renders the same bytes whatever order the producer built its objects in', () => {
    expect(renderJsonReport(reverseKeys(SAMPLE_REPORT) as CampaignReport)).toBe(json);
  });

  it('keeps fields beyond the contract, after the known ones, alphabetically and all the way down', () => {
    const extended = { ...SAMPLE_REPORT, zeta: 1, alpha: { second: 2, first: 1 }, scenarios: [{ ...SAMPLE_REPORT.scenarios[0]!, violations: [{ ...SAMPLE_VIOLATION, timeline: undefined, extra: true }] }] };
    const reparsed = JSON.parse(renderJsonReport(extended as CampaignReport)) as Record<string, unknown>;
    expect(Object.keys(reparsed).slice(-2)).toEqual(['alpha', 'zeta']);
    expect(Object.keys(reparsed.alpha as object)).toEqual(['first', 'second']);
    expect(Object.keys((reparsed as unknown as CampaignReport).scenarios[0]!.violations[0]!).at(-1)).toBe('extra');
  });
});
