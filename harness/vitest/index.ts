// `unplug/vitest`: re-exports only (importing it registers the toBeDurable matcher).
export { crashTest, CRASH_TEST_TIME_DEFAULT, type CrashTestOptions } from './crash-test.js';
export { toBeDurable, type MatcherResult } from './to-be-durable.js';
export type { CampaignReport } from '../../reports/report-types.js';
