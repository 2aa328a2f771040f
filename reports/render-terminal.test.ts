import { describe, expect, it } from 'vitest';
import { renderTerminalSummary, TERMINAL_VIOLATIONS_PER_SCENARIO } from './render-terminal.js';
import { PASSING_REPORT, SAMPLE_REPORT, SAMPLE_SCENARIOS, SAMPLE_VIOLATION } from './test-support/sample-campaign-report.js';

const ESCAPE = '\u001b';

describe('renderTerminalSummary', () => {
  const text = renderTerminalSummary(SAMPLE_REPORT);
  const lines = text.split('\n');

  it('prints one line per scenario with a check or a cross, expected, verdict, crash states and acked commits', () => {
    expect(lines.find((line) => line.includes('baseline-power-loss'))).toMatch(/^ {2}✓ baseline-power-loss +expected durable +got durable +10,240 crash states +812 acked$/);
    expect(lines.find((line) => line.includes('skip-dir-sync'))).toMatch(/^ {2}✗ skip-dir-sync +expected durable +got violation +120 crash states +30 acked +found by P1, P3$/);
    expect(lines.find((line) => line.includes(' fsync-off'))).toMatch(/^ {2}✓ fsync-off +expected violation +got violation .*found by A1$/);
    expect(lines.find((line) => line.includes('ack-before-sync'))).toMatch(/^ {2}✗ ack-before-sync +expected violation +got durable /);
  });

  it('prints the counts and rates', () => {
    expect(text).toContain('runs 10 · crashes 10 · crash states 10,600 · acknowledged commits 902 · 4.3 crashes/s · 4,609 crash states/s · 2.3 s');
  });

  it('details each failing scenario: outcome, violations with fault model and crash point, replay lines', () => {
    expect(text).toContain('✗ skip-dir-sync: VIOLATION in a scenario expected durable: 7 violations by P1, P3');
    expect(text).toContain('    P1  acknowledged commit tx 2 is missing');
    expect(text).toContain('fault model power-loss · crash after operation 8 of 9 (operation 8) · tx 2');
    expect(text).toContain(`        replay: ${SAMPLE_VIOLATION.replay}`);
    expect(text).toContain('    (5 more violations counted but not kept: the reports keep a sample per property; the scenario replay line below finds them again)');
    expect(text).toContain('    scenario replay: unplug crash --scenario skip-dir-sync --seed 42');
    expect(text).toContain('✗ ack-before-sync: UNDETECTED: expected a violation (A1), none found');
    // A defect detected as expected is not detailed: only failing scenarios are.
    expect(text).not.toContain('tx 1 acknowledged while unsynced');
  });

  it('always ends with the verdict, the seed and the campaign replay line', () => {
    expect(lines.at(-3)).toBe('FAIL: 2 of 4 scenarios did not come out as expected');
    expect(lines.at(-2)).toBe('seed 42 · replay the campaign: unplug crash --seed 42 --shard 2/4');
    expect(lines.at(-1)).toBe('');
    const passing = renderTerminalSummary(PASSING_REPORT).split('\n');
    expect(passing.at(-3)).toBe('PASS: 2 of 2 scenarios came out as expected');
    expect(passing.at(-2)).toBe('seed 42 · replay the campaign: unplug crash --seed 42');
    expect(passing.join('\n')).not.toContain('shard');
  });

  it('prints no escape sequence without colour, even when report strings carry one', () => {
    expect(SAMPLE_VIOLATION.message).toContain(ESCAPE);
    expect(text).not.toContain(ESCAPE);
    expect(text).not.toContain('\u0007');
    expect(text).toContain('\\u001B[31mred');
  });

  it('colours only when asked, and still neutralises the escapes inside report strings', () => {
    const coloured = renderTerminalSummary(SAMPLE_REPORT, { colour: true });
    expect(coloured).toContain(`${ESCAPE}[32m✓`);
    expect(coloured).toContain(`${ESCAPE}[31m✗`);
    expect(coloured).not.toContain(`${ESCAPE}[31mred`);
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(text);
  });

  it(`prints at most ${TERMINAL_VIOLATIONS_PER_SCENARIO} violations of a failing scenario`, () => {
    const many = Array.from({ length: 8 }, (_, position) => ({ ...SAMPLE_VIOLATION, message: `violation number ${position}` }));
    const report = { ...SAMPLE_REPORT, scenarios: [{ ...SAMPLE_SCENARIOS[1]!, violations: many, violationCount: 8 }] };
    const summary = renderTerminalSummary(report);
    expect(summary.match(/violation number \d/g)).toEqual(['violation number 0', 'violation number 1', 'violation number 2']);
    expect(summary).toContain('(5 more violations not shown; the --json document');
  });

  it('never promises that report.json holds violations it does not keep', () => {
    const kept = Array.from({ length: 4 }, (_, position) => ({ ...SAMPLE_VIOLATION, message: `violation number ${position}` }));
    const summary = renderTerminalSummary({ ...SAMPLE_REPORT, scenarios: [{ ...SAMPLE_SCENARIOS[1]!, violations: kept, violationCount: 1000 }] });
    expect(summary).not.toContain('see report.json');
    expect(summary).toContain("(997 more violations not shown: 1 listed in the --json document and --out's report.json and report.html, which keep a sample per property; the other 996 are counted only");
    const onlyCounted = renderTerminalSummary({ ...SAMPLE_REPORT, scenarios: [{ ...SAMPLE_SCENARIOS[1]!, violations: kept.slice(0, 3), violationCount: 10 }] });
    expect(onlyCounted).toContain('(7 more violations counted but not kept');
  });
});
