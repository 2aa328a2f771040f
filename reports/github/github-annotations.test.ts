// GitHub annotations: one ::error line per shown violation of a scenario that
// did not come out as expected, one for an undetected defect, escaped so a
// newline or a colon in engine-supplied text cannot forge another command.
import { describe, expect, it } from 'vitest';
import { PASSING_REPORT, SAMPLE_REPORT } from '../test-support/sample-campaign-report.js';
import { githubAnnotations, underGithubActions } from './github-annotations.js';

describe('githubAnnotations', () => {
  it('annotates the violations of unexpected verdicts and undetected defects, nothing else', () => {
    const lines = githubAnnotations(SAMPLE_REPORT);
    expect(lines.map((line) => line.slice(0, line.indexOf('::', 2)))).toEqual([
      '::error title=unplug P1 in skip-dir-sync',
      '::error title=unplug P3 in skip-dir-sync',
      '::error title=unplug%3A ack-before-sync not as expected',
    ]);
    expect(lines[1]).toBe("::error title=unplug P3 in skip-dir-sync::hole in the commit order at tx 2%0Areplay: unplug replay --scenario skip-dir-sync --seed 42 --fault power-loss --at 8 --mask 'w5=0'");
    expect(githubAnnotations(PASSING_REPORT)).toEqual([]);
  });

  it('puts every annotation on one line and names the engine script as the file', () => {
    const report = { ...SAMPLE_REPORT, engine: 'node examples/forgetful-store.mjs --fsync' };
    const [first] = githubAnnotations(report);
    expect(first).toMatch(/^::error file=examples\/forgetful-store\.mjs,title=unplug P1 in skip-dir-sync::acknowledged commit tx 2 is missing/);
    for (const line of githubAnnotations(report)) expect(line).not.toMatch(/[\r\n]/);
  });

  it('is on only when GITHUB_ACTIONS is true', () => {
    expect(underGithubActions({ GITHUB_ACTIONS: 'true' })).toBe(true);
    expect(underGithubActions({})).toBe(false);
  });
});
