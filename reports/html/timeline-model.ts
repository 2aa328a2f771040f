/**
 * Prepares a violation's timeline for drawing: what each event means for the
 * reader (a write that survived the crash, one that was lost, a sync, an ack,
 * an injected fault, the crash itself, or something after it) and, for long
 * timelines, which window of events around the crash is shown.
 *
 * The crash point is the timeline's `crash` event. Events listed after it did
 * not happen in the crash state and are drawn as "after the crash". When a
 * timeline has no `crash` event, the crash is taken to follow its last event.
 */
import { assertNever } from '../assert-never.js';
import type { TimelineEvent } from '../report-types.js';

/** What one timeline event means for the reader; it picks the colour and the legend entry. */
export type TimelineStatus = 'survived' | 'lost' | 'unsynced-unknown' | 'sync' | 'ack' | 'output' | 'fault' | 'crash' | 'after-crash' | 'other';

/** The most events one timeline draws; longer timelines show the window that ends at the crash. */
export const TIMELINE_EVENTS_MAX = 400;
/** How many events after the crash a windowed timeline still shows. */
const EVENTS_AFTER_CRASH_MAX = 20;

/** The status of an event that happened before (or at) the crash. */
function statusBeforeCrash(event: TimelineEvent): TimelineStatus {
  switch (event.kind) {
    case 'write':
    case 'truncate':
    case 'create':
    case 'rename':
    case 'remove':
    case 'mkdir':
      if (event.survived === undefined) return 'unsynced-unknown';
      return event.survived ? 'survived' : 'lost';
    case 'sync':
    case 'sync-directory':
      return 'sync';
    case 'ack':
      // A cluster's acks say whether the promoted replica holds the commit; a single engine's acks carry no fate.
      if (event.survived === undefined) return 'ack';
      return event.survived ? 'survived' : 'lost';
    case 'output':
      return 'output';
    case 'fault':
      return 'fault';
    case 'crash':
      return 'crash';
    case 'open':
      return 'other';
    default:
      return assertNever(event.kind, 'timeline event kind');
  }
}

/** A timeline event with its status. */
export interface ClassifiedEvent {
  readonly event: TimelineEvent;
  readonly status: TimelineStatus;
}

/** The window of a timeline that is drawn, and how many events were left out on each side. */
export interface TimelineWindow {
  readonly events: readonly ClassifiedEvent[];
  readonly omittedBefore: number;
  readonly omittedAfter: number;
  /** False when the timeline had no `crash` event and the crash is drawn after its last event. */
  readonly hasCrashEvent: boolean;
}

/** Classifies every event and keeps at most `maximumEvents` of them, ending shortly after the crash. */
export function windowTimeline(timeline: readonly TimelineEvent[], maximumEvents = TIMELINE_EVENTS_MAX): TimelineWindow {
  const crashPosition = timeline.findIndex((event) => event.kind === 'crash');
  const classified = timeline.map((event, position): ClassifiedEvent => ({ event, status: crashPosition >= 0 && position > crashPosition ? 'after-crash' : statusBeforeCrash(event) }));
  if (classified.length <= maximumEvents) return { events: classified, omittedBefore: 0, omittedAfter: 0, hasCrashEvent: crashPosition >= 0 };
  const crashEnd = crashPosition >= 0 ? crashPosition + 1 : classified.length;
  const end = Math.min(classified.length, crashEnd + Math.min(EVENTS_AFTER_CRASH_MAX, Math.floor(maximumEvents / 4)));
  const start = Math.max(0, end - maximumEvents);
  return { events: classified.slice(start, end), omittedBefore: start, omittedAfter: classified.length - end, hasCrashEvent: crashPosition >= 0 };
}
