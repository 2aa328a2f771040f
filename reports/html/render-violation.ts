/**
 * One violation in the HTML report: the property and message, where it
 * happened (fault model, crash point, seed, transaction, key and values,
 * persistence mask), the command that replays it, and its timeline.
 */
import { escapeMarkupText } from '../escape-markup.js';
import type { PropertyName, Violation } from '../report-types.js';
import { renderTimeline } from './render-timeline.js';

/** What each oracle property promises (docs/fault-models.md). */
export const PROPERTY_TITLES: Readonly<Record<PropertyName, string>> = Object.freeze({
  P1: 'durability: every acknowledged commit is present',
  P2: 'atomicity: every commit is all or nothing',
  P3: 'prefix: the recovered state is a prefix of the commit order',
  P4: 'integrity: no value that no commit wrote, no silent corruption',
  A1: 'acknowledged before durable',
  B1: 'point-in-time restore: exactly the committed state at the target LSN',
  B2: 'archive coverage: the archive plus the WAL hold every acknowledged commit',
  B3: 'archiver outage: the WAL alarm fires, commits go on, archiving resumes without a hole',
  R1: 'failover: every acknowledged commit is on the promoted replica',
  R2: 'failover: what is lost is a suffix of the commit order',
  C1: 'change data capture: the stream is exactly the committed sequence, across crashes',
});

/** The longest value shown, in characters: values can be 64 KiB and the page must stay readable. */
const VALUE_SHOWN_MAX_CHARACTERS = 200;

/** A key or value for display: quoted, cut when long; `null` means absent or deleted. */
function shownValue(value: string | null): string {
  if (value === null) return '(absent)';
  const characters = [...value];
  const cut = characters.length > VALUE_SHOWN_MAX_CHARACTERS ? `${characters.slice(0, VALUE_SHOWN_MAX_CHARACTERS).join('')}… (${characters.length} characters)` : value;
  return JSON.stringify(cut);
}

/** The facts of a violation as a definition list. */
function facts(violation: Violation): string {
  const rows: (readonly [string, string])[] = [
    ['fault model', violation.faultModel],
    ...(violation.metadata === undefined ? [] : [['metadata model', violation.metadata] as const]),
    ...(violation.lostBy === undefined ? [] : [['lost by', violation.lostBy.description] as const]),
    ['crash point', `${violation.crashPoint.description} (operation ${violation.crashPoint.operationIndex})`],
    ['seed', String(violation.seed)],
  ];
  if (violation.tx !== undefined) rows.push(['transaction', `tx ${violation.tx}`]);
  if (violation.key !== undefined) rows.push(['key', shownValue(violation.key)]);
  if (violation.expectedValue !== undefined) rows.push(['expected value', shownValue(violation.expectedValue)]);
  if (violation.actualValue !== undefined) rows.push(['recovered value', shownValue(violation.actualValue)]);
  if (violation.mask !== undefined) rows.push(['persistence mask', violation.mask]);
  return `<dl class="facts">${rows.map(([term, value]) => `<dt>${escapeMarkupText(term)}</dt><dd>${escapeMarkupText(value)}</dd>`).join('')}</dl>`;
}

/** Renders one violation; `open` expands it on page load. */
export function renderViolation(violation: Violation, open: boolean): string {
  const timeline = violation.timeline !== undefined && violation.timeline.length > 0 ? renderTimeline(violation.timeline, violation.crashPoint.description) : '<p class="muted">No timeline was recorded for this violation.</p>';
  // The report may have been read back from JSON, so even the typed property name is escaped and looked up defensively.
  const property = escapeMarkupText(String(violation.property));
  const title = (PROPERTY_TITLES as Readonly<Record<string, string | undefined>>)[violation.property] ?? 'unknown property';
  return [
    `<details class="violation"${open ? ' open' : ''}>`,
    `<summary><span class="property">${property}</span> ${escapeMarkupText(violation.message)}</summary>`,
    `<p class="property-title">${property}: ${escapeMarkupText(title)}</p>`,
    facts(violation),
    `<p class="label">Replay this violation:</p><pre class="replay"><code>${escapeMarkupText(violation.replay)}</code></pre>`,
    timeline,
    '</details>',
  ].join('\n');
}
