// The harness API (package export `unplug`): re-exports only.
export { runCampaign, explore, replay, type ReplayApiOptions } from './harness-api.js';
export { UnplugError, type CampaignApiOptions, type UnplugErrorCode } from './api-options.js';
export { KILL_GRACE_MS } from './run-cli-child.js';
export type * from '../../reports/report-types.js';
export { PROPERTY_NAMES } from '../../reports/report-types.js';
export { renderTerminalSummary, type TerminalSummaryOptions } from '../../reports/render-terminal.js';
