/** The campaign report renderers and their data types. */
export type * from './report-types.js';
export { PROPERTY_NAMES } from './report-types.js';
export { renderTerminalSummary, type TerminalSummaryOptions } from './render-terminal.js';
export { renderJsonReport } from './render-json.js';
export { renderJunitXml, JUNIT_FAILURE_TYPES } from './render-junit.js';
export { renderHtmlReport } from './render-html.js';
export { writeReportFiles, REPORT_FILE_NAMES } from './write-report-files.js';
export { describeOutcome, propertiesFound, scenarioAsExpected, tallyScenarios } from './scenario-outcome.js';
