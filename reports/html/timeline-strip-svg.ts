/**
 * The timeline of a violation drawn as an inline SVG strip: one lane per file
 * (and one for protocol output such as acks), or for a cluster one lane per
 * machine (primary above replica), events left to right in trace
 * order, each marker coloured by what happened to it, and the crash point as a
 * dashed vertical line. Every marker carries a <title> with the full event, so
 * hovering shows the exact operation. No script, no external assets.
 */
import { assertNever } from '../assert-never.js';
import { escapeMarkupAttribute, escapeMarkupText } from '../escape-markup.js';
import { TIMELINE_MACHINES, type TimelineEvent } from '../report-types.js';
import type { ClassifiedEvent, TimelineWindow } from './timeline-model.js';
import { STATUS_STYLES } from './timeline-palette.js';

/** The strip's geometry in pixels. */
const GEOMETRY = Object.freeze({ labelWidthPx: 230, laneHeightPx: 26, topPx: 30, bottomPx: 8, targetPlotWidthPx: 860, minimumStepPx: 10, maximumStepPx: 30 });
/** The most file lanes drawn; events on further files share one "other files" lane. */
export const TIMELINE_FILE_LANES_MAX = 8;
/** The lane of events that have no file: acks, outputs, the crash. */
const PROTOCOL_LANE = 'acks and output';
const OTHER_FILES_LANE = 'other files';
/** The longest lane label, in characters; longer paths keep their end. */
const LANE_LABEL_MAX_CHARACTERS = 30;

/** The lanes of the strip in order of first appearance, and the lane of each event. */
function assignLanes(events: readonly ClassifiedEvent[]): { readonly lanes: readonly string[]; readonly laneOf: (event: TimelineEvent) => number } {
  // A cluster timeline draws one lane per machine, one above the other on the shared axis; an event without a machine is the primary's.
  if (events.some(({ event }) => event.machine !== undefined)) {
    const lanes = TIMELINE_MACHINES.map((machine) => `${machine} machine`);
    return { lanes, laneOf: (event) => TIMELINE_MACHINES.indexOf(event.machine ?? 'primary') };
  }
  const files: string[] = [];
  for (const { event } of events) if (event.path !== undefined && !files.includes(event.path)) files.push(event.path);
  const drawnFiles = files.slice(0, TIMELINE_FILE_LANES_MAX);
  const lanes = [...drawnFiles, ...(files.length > drawnFiles.length ? [OTHER_FILES_LANE] : []), PROTOCOL_LANE];
  const laneOf = (event: TimelineEvent): number => {
    if (event.path === undefined) return lanes.length - 1;
    const fileLane = drawnFiles.indexOf(event.path);
    return fileLane >= 0 ? fileLane : lanes.indexOf(OTHER_FILES_LANE);
  };
  return { lanes, laneOf };
}

/** A lane label that fits: long paths keep their informative end. */
function laneLabel(lane: string): string {
  const characters = [...lane];
  return characters.length <= LANE_LABEL_MAX_CHARACTERS ? lane : `…${characters.slice(-(LANE_LABEL_MAX_CHARACTERS - 1)).join('')}`;
}

/** The hover text of one event. */
export function describeEvent({ event, status }: ClassifiedEvent): string {
  const where = event.path === undefined ? '' : ` ${event.path}`;
  const machine = event.machine === undefined ? '' : ` on the ${event.machine}`;
  return `#${event.index} ${event.kind}${machine}${where}: ${event.detail} (${STATUS_STYLES[status].label})`;
}

/** The marker of one event: its shape says what kind of operation, its colour what happened to it. */
function marker(classified: ClassifiedEvent, centreX: number, centreY: number, stepPx: number): string {
  const colour = STATUS_STYLES[classified.status].colour;
  const title = `<title>${escapeMarkupText(describeEvent(classified))}</title>`;
  const kind = classified.event.kind;
  switch (kind) {
    case 'write':
    case 'truncate': {
      const widthPx = Math.max(5, stepPx * 0.7);
      return `<rect x="${(centreX - widthPx / 2).toFixed(1)}" y="${centreY - 7}" width="${widthPx.toFixed(1)}" height="14" rx="2" fill="${colour}" stroke="#333" stroke-width="0.5">${title}</rect>`;
    }
    case 'create':
    case 'rename':
    case 'remove':
    case 'mkdir':
      return `<circle cx="${centreX.toFixed(1)}" cy="${centreY}" r="${Math.min(7, stepPx * 0.4).toFixed(1)}" fill="${colour}" stroke="#333" stroke-width="0.5">${title}</circle>`;
    case 'sync':
    case 'sync-directory':
      return `<rect x="${(centreX - 1.5).toFixed(1)}" y="${centreY - 10}" width="3" height="20" fill="${colour}">${title}</rect>`;
    case 'ack':
      return `<polygon points="${centreX.toFixed(1)},${centreY - 8} ${(centreX + 6).toFixed(1)},${centreY} ${centreX.toFixed(1)},${centreY + 8} ${(centreX - 6).toFixed(1)},${centreY}" fill="${colour}" stroke="#333" stroke-width="0.5">${title}</polygon>`;
    case 'fault':
      return `<polygon points="${centreX.toFixed(1)},${centreY - 8} ${(centreX + 7).toFixed(1)},${centreY + 6} ${(centreX - 7).toFixed(1)},${centreY + 6}" fill="${colour}" stroke="#333" stroke-width="0.5">${title}</polygon>`;
    case 'output':
    case 'open':
      return `<circle cx="${centreX.toFixed(1)}" cy="${centreY}" r="3" fill="${colour}">${title}</circle>`;
    case 'crash':
      // The crash is drawn as the full-height line; its lane marker is only a hover target.
      return `<circle cx="${centreX.toFixed(1)}" cy="${centreY}" r="4" fill="${colour}">${title}</circle>`;
    default:
      return assertNever(kind, 'timeline event kind');
  }
}

/** Renders the strip of a timeline window as an inline SVG element. */
export function renderTimelineStrip(window: TimelineWindow, crashDescription: string): string {
  const { events } = window;
  const { lanes, laneOf } = assignLanes(events);
  const slots = events.length + (window.hasCrashEvent ? 0 : 1);
  const stepPx = Math.min(GEOMETRY.maximumStepPx, Math.max(GEOMETRY.minimumStepPx, GEOMETRY.targetPlotWidthPx / Math.max(1, slots)));
  const widthPx = Math.ceil(GEOMETRY.labelWidthPx + slots * stepPx + 16);
  const heightPx = GEOMETRY.topPx + lanes.length * GEOMETRY.laneHeightPx + GEOMETRY.bottomPx;
  const laneCentreY = (lane: number): number => GEOMETRY.topPx + lane * GEOMETRY.laneHeightPx + GEOMETRY.laneHeightPx / 2;
  const slotCentreX = (slot: number): number => GEOMETRY.labelWidthPx + slot * stepPx + stepPx / 2;
  const parts: string[] = [];
  lanes.forEach((lane, laneIndex) => {
    const y = GEOMETRY.topPx + laneIndex * GEOMETRY.laneHeightPx;
    if (laneIndex % 2 === 0) parts.push(`<rect x="0" y="${y}" width="${widthPx}" height="${GEOMETRY.laneHeightPx}" fill="#f4f4f4"/>`);
    parts.push(`<text x="${GEOMETRY.labelWidthPx - 8}" y="${y + 17}" text-anchor="end" class="lane"><title>${escapeMarkupText(lane)}</title>${escapeMarkupText(laneLabel(lane))}</text>`);
  });
  const labelEvery = Math.max(1, Math.ceil(36 / stepPx));
  events.forEach((classified, slot) => {
    if (slot % labelEvery === 0) parts.push(`<text x="${slotCentreX(slot).toFixed(1)}" y="14" text-anchor="middle" class="tick">${classified.event.index}</text>`);
    parts.push(marker(classified, slotCentreX(slot), laneCentreY(laneOf(classified.event)), stepPx));
  });
  const crashSlot = window.hasCrashEvent ? events.findIndex((classified) => classified.status === 'crash') : events.length;
  if (crashSlot >= 0) {
    const x = slotCentreX(crashSlot).toFixed(1);
    parts.push(`<line x1="${x}" y1="18" x2="${x}" y2="${heightPx - 2}" stroke="#000" stroke-width="2" stroke-dasharray="5 3"><title>${escapeMarkupText(`crash ${crashDescription}`)}</title></line>`);
    parts.push(`<text x="${x}" y="26" text-anchor="middle" class="crash">crash</text>`);
  }
  const label = `Timeline of ${events.length} operations; crash ${crashDescription}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="${heightPx}" viewBox="0 0 ${widthPx} ${heightPx}" role="img" aria-label="${escapeMarkupAttribute(label)}" class="timeline">${parts.join('')}</svg>`;
}
