/**
 * The timeline block of one violation in the HTML report: a legend, the SVG
 * strip, and a table of every drawn event with its outcome in words
 * ("survived", "lost"), so the page reads without colour too.
 */
import { escapeMarkupText } from '../escape-markup.js';
import { formatCount } from '../format-figures.js';
import type { TimelineEvent } from '../report-types.js';
import { windowTimeline, type ClassifiedEvent, type TimelineStatus } from './timeline-model.js';
import { LEGEND_ORDER, STATUS_STYLES } from './timeline-palette.js';
import { renderTimelineStrip } from './timeline-strip-svg.js';

/** The outcome column of the table: words and a mark, so colour is never the only signal. */
function outcomeText(status: TimelineStatus): string {
  if (status === 'survived') return '✓ survived';
  if (status === 'lost') return '✗ lost';
  if (status === 'after-crash') return 'after the crash';
  if (status === 'crash') return 'CRASH';
  if (status === 'unsynced-unknown') return 'not marked';
  return '';
}

/** A legend of the statuses present in the window, with their colours. */
function legend(events: readonly ClassifiedEvent[]): string {
  const present = new Set(events.map((classified) => classified.status));
  present.add('crash');
  const items = LEGEND_ORDER.filter((status) => present.has(status)).map((status) => `<li><span class="swatch" style="background:${STATUS_STYLES[status].colour}"></span>${escapeMarkupText(STATUS_STYLES[status].label)}</li>`);
  const shapes = '<li class="shapes">shapes: ▬ data write or truncate · ● create, rename, remove, mkdir · ▮ sync · ◆ ack · ▲ fault</li>';
  return `<ul class="legend">${items.join('')}${shapes}</ul>`;
}

/** One table row per drawn event; a cluster timeline's rows name the machine instead of a file. */
function eventRow({ event, status }: ClassifiedEvent, clustered: boolean): string {
  const where = clustered ? (event.machine ?? 'primary') : (event.path ?? '');
  const cells = [String(event.index), escapeMarkupText(event.kind), escapeMarkupText(where), escapeMarkupText(event.detail), outcomeText(status)];
  return `<tr class="status-${status}"><td>${cells.join('</td><td>')}</td></tr>`;
}

/** Renders the timeline of a violation: legend, strip and event table. */
export function renderTimeline(timeline: readonly TimelineEvent[], crashDescription: string): string {
  const window = windowTimeline(timeline);
  const omitted: string[] = [];
  if (window.omittedBefore > 0) omitted.push(`${formatCount(window.omittedBefore)} earlier operations are not drawn`);
  if (window.omittedAfter > 0) omitted.push(`${formatCount(window.omittedAfter)} later operations are not drawn`);
  const survivedCount = window.events.filter((classified) => classified.status === 'survived').length;
  const lostCount = window.events.filter((classified) => classified.status === 'lost').length;
  const clustered = window.events.some((classified) => classified.event.machine !== undefined);
  return [
    `<p class="timeline-summary">${formatCount(window.events.length)} operations drawn: <b class="survived">${survivedCount} survived</b>, <b class="lost">${lostCount} lost</b>.${omitted.length > 0 ? ` ${omitted.join('; ')}.` : ''}${window.hasCrashEvent ? '' : ' The timeline has no crash event; the crash is drawn after its last operation.'}</p>`,
    legend(window.events),
    `<div class="strip">${renderTimelineStrip(window, crashDescription)}</div>`,
    `<details class="events" open><summary>Operations (${formatCount(window.events.length)})</summary>`,
    `<table><thead><tr><th>#</th><th>operation</th><th>${clustered ? 'machine' : 'file'}</th><th>detail</th><th>outcome</th></tr></thead><tbody>`,
    ...window.events.map((classified) => eventRow(classified, clustered)),
    '</tbody></table></details>',
  ].join('\n');
}
