/**
 * The metadata models in the rendered reports: a scenario checked under both
 * shows its sentence ("lost under strict POSIX, durable on ext4-ordered") on
 * the terminal line and in its HTML section, and a violation shows its model
 * and the rule that lost the commit.
 */
import { describe, expect, it } from 'vitest';
import type { CampaignReport, ScenarioReport, Violation } from './report-types.js';
import { renderHtmlReport } from './render-html.js';
import { renderTerminalSummary } from './render-terminal.js';
import { SAMPLE_REPORT, SAMPLE_VIOLATION } from './test-support/sample-campaign-report.js';

const VIOLATION: Violation = {
  ...SAMPLE_VIOLATION,
  key: 'k1',
  metadata: 'strict',
  lostBy: { rules: ['directory-entry-never-synced'], paths: ['appendonlydir/a.aof'], description: 'a directory entry never synced (appendonlydir/a.aof; strict POSIX)' },
};
const SCENARIO: ScenarioReport = {
  name: 'redis-always',
  description: 'Redis with appendfsync always',
  expected: 'durable',
  verdict: 'violation',
  violations: [VIOLATION],
  violationCount: 1,
  counts: { runs: 1, crashes: 24, crashStates: 48, commitsAcked: 12 },
  durationMs: 1000,
  replay: 'unplug crash --scenario adapter-power-loss --seed 1 --metadata both',
  metadata: { verdicts: { strict: 'violation', 'ext4-ordered': 'durable' }, summary: 'lost under strict POSIX, durable on ext4-ordered' },
};
const REPORT: CampaignReport = { ...SAMPLE_REPORT, scenarios: [SCENARIO] };

describe('metadata models in reports', () => {
  it('the terminal line says the verdict under each model, and the violation its model', () => {
    const text = renderTerminalSummary(REPORT);
    expect(text).toMatch(/redis-always .*lost under strict POSIX, durable on ext4-ordered/);
    expect(text).toContain('fault model power-loss (strict metadata)');
  });

  it('the HTML section says the verdict under each model; the violation its model and what lost the commit', () => {
    const html = renderHtmlReport(REPORT);
    expect(html).toContain('Metadata models: lost under strict POSIX, durable on ext4-ordered.');
    expect(html).toContain('<dt>metadata model</dt><dd>strict</dd>');
    expect(html).toContain('<dt>lost by</dt><dd>a directory entry never synced (appendonlydir/a.aof; strict POSIX)</dd>');
  });
});
