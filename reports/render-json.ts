/**
 * `report.json` and the `--json` document: the campaign report with a stable
 * key order, so two runs with the same seed diff cleanly and the
 * fixed names of docs/reports.md come first. Each object of the report has its known keys in
 * the order below; keys a producer added beyond the contract follow in
 * alphabetical order, and so do the keys of any object this file does not know.
 * Two-space indentation and a trailing newline.
 */
import type { CampaignReport } from './report-types.js';

/** The key order of the campaign report document. */
const CAMPAIGN_KEY_ORDER = Object.freeze(['tool', 'command', 'seed', 'verdict', 'scenarios', 'counts', 'rates', 'durationMs', 'engine', 'replay', 'shard']);
/** The key order of a scenario. */
const SCENARIO_KEY_ORDER = Object.freeze(['name', 'expected', 'verdict', 'description', 'expectedProperties', 'counts', 'durationMs', 'replay', 'violationCount', 'violations']);
/** The key order of a violation. */
const VIOLATION_KEY_ORDER = Object.freeze(['property', 'replay', 'message', 'faultModel', 'seed', 'crashPoint', 'tx', 'key', 'expectedValue', 'actualValue', 'mask', 'timeline']);
/** The key order of the smaller objects. */
const COUNTS_KEY_ORDER = Object.freeze(['runs', 'crashes', 'crashStates', 'commitsAcked']);
const RATES_KEY_ORDER = Object.freeze(['crashesPerSecond', 'crashStatesPerSecond']);
const CRASH_POINT_KEY_ORDER = Object.freeze(['operationIndex', 'description']);
const TIMELINE_EVENT_KEY_ORDER = Object.freeze(['index', 'kind', 'path', 'detail', 'survived', 'machine']);

/** How to order the keys of an object and of the objects nested in it. */
interface KeySchema {
  readonly order: readonly string[];
  readonly children?: Readonly<Record<string, KeySchema>>;
}

const COUNTS_SCHEMA: KeySchema = { order: COUNTS_KEY_ORDER };
const VIOLATION_SCHEMA: KeySchema = { order: VIOLATION_KEY_ORDER, children: { crashPoint: { order: CRASH_POINT_KEY_ORDER }, timeline: { order: TIMELINE_EVENT_KEY_ORDER } } };
const SCENARIO_SCHEMA: KeySchema = { order: SCENARIO_KEY_ORDER, children: { counts: COUNTS_SCHEMA, violations: VIOLATION_SCHEMA } };
const CAMPAIGN_SCHEMA: KeySchema = { order: CAMPAIGN_KEY_ORDER, children: { scenarios: SCENARIO_SCHEMA, counts: COUNTS_SCHEMA, rates: { order: RATES_KEY_ORDER } } };
/** Objects this file does not know: alphabetical keys all the way down. */
const UNKNOWN_SCHEMA: KeySchema = { order: [] };

/** A copy of `value` whose object keys are in schema order (arrays apply the schema to each element). */
function orderKeys(value: unknown, schema: KeySchema): unknown {
  if (Array.isArray(value)) return value.map((element) => orderKeys(element, schema));
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const known = schema.order.filter((key) => Object.hasOwn(record, key));
  const extra = Object.keys(record).filter((key) => !schema.order.includes(key)).sort();
  const ordered: Record<string, unknown> = {};
  for (const key of [...known, ...extra]) ordered[key] = orderKeys(record[key], schema.children?.[key] ?? UNKNOWN_SCHEMA);
  return ordered;
}

/** Renders the campaign report as `report.json`: stable key order, two-space indent, trailing newline. */
export function renderJsonReport(report: CampaignReport): string {
  return `${JSON.stringify(orderKeys(report, CAMPAIGN_SCHEMA), null, 2)}\n`;
}
