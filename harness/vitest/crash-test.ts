/**
 * `unplug/vitest`: crash tests beside a project's other vitest tests.
 *
 *   import { crashTest } from 'unplug/vitest';
 *   crashTest('my store survives power loss', { engine: 'node ./my-adapter.mjs', faults: ['power-loss'] });
 *
 * Importing this module registers `expect(report).toBeDurable()`. A crash test
 * runs one campaign through the harness API and expects it durable; vitest's
 * own timeout is set from the campaign's time budget, and a test that vitest
 * gives up on cancels its campaign (nothing it started outlives it).
 */
import { expect, it } from 'vitest';
import type { CampaignApiOptions } from '../api/api-options.js';
import { runCampaign } from '../api/harness-api.js';
import { KILL_GRACE_MS } from '../api/run-cli-child.js';
import { parseDurationOption } from '../cli/parse-arguments.js';
import { toBeDurable } from './to-be-durable.js';

/** The campaign time budget of a crash test that names none: short, as a unit test should be. */
export const CRASH_TEST_TIME_DEFAULT = '20s';
/** Time allowed beyond the campaign's budget: starting the harness, shrinking a counterexample, cleaning up. */
const TEST_TIMEOUT_MARGIN_MS = 60_000 + KILL_GRACE_MS;

/** Options of `crashTest`: the campaign's, as `runCampaign` takes them, and the test's timeout. */
export interface CrashTestOptions extends Omit<CampaignApiOptions, 'signal'> {
  /** vitest's timeout for this test. @defaultValue the time budget plus a minute */
  readonly timeoutMs?: number;
}

expect.extend({ toBeDurable });

declare module 'vitest' {
  // The type parameter must be spelled as vitest spells it for the declarations to merge.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  interface Matchers<T = any> {
    /** Passes when no scenario of the campaign report found a violation; the message is the terminal summary. */
    toBeDurable(): T;
  }
}

/** Declares a vitest test that runs a crash campaign and expects every acknowledged commit to survive. */
export function crashTest(name: string, options: CrashTestOptions = {}): void {
  const { timeoutMs, ...campaign } = options;
  const time = campaign.time ?? CRASH_TEST_TIME_DEFAULT;
  // Where the test file called crashTest: a failure points there, not into this package.
  const declaredAt = callerFrames(new Error().stack);
  it(
    name,
    async ({ signal }) => {
      const report = await runCampaign({ ...campaign, time, signal });
      try {
        expect(report).toBeDurable();
      } catch (error) {
        if (error instanceof Error && declaredAt !== '') error.stack = `${error.name}: ${error.message}\n${declaredAt}`;
        throw error;
      }
    },
    timeoutMs ?? budgetMs(time) + TEST_TIMEOUT_MARGIN_MS,
  );
}

/** The stack frames of `stack` below crashTest's own: the caller's, or '' when there are none. */
function callerFrames(stack: string | undefined): string {
  const frames = (stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  // frames[0] is crashTest itself; the test file's call is the next one.
  return frames.slice(1).join('\n');
}

/** The budget in milliseconds, for the timeout; an unreadable one is left for the CLI to refuse. */
function budgetMs(time: number | string): number {
  if (typeof time === 'number') return time;
  try {
    return parseDurationOption('time', time, 0);
  } catch {
    return 0;
  }
}
