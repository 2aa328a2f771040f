import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../report-types.js';
import { windowTimeline } from './timeline-model.js';

/** `count` writes, alternately surviving and lost, with a crash after `crashAfter` of them. */
function writes(count: number, crashAfter: number): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (let position = 0; position < count; position += 1) {
    if (position === crashAfter) events.push({ index: events.length, kind: 'crash', detail: 'crash' });
    events.push({ index: events.length, kind: 'write', path: 'f', detail: `${position}`, survived: position % 2 === 0 });
  }
  return events;
}

describe('windowTimeline', () => {
  it('classifies writes by survival, syncs, acks, faults, and everything after the crash', () => {
    const timeline: TimelineEvent[] = [
      { index: 0, kind: 'write', path: 'f', detail: 'a', survived: true },
      { index: 1, kind: 'rename', path: 'f', detail: 'b', survived: false },
      { index: 2, kind: 'truncate', path: 'f', detail: 'c' },
      { index: 3, kind: 'sync-directory', path: '.', detail: 'd' },
      { index: 4, kind: 'ack', detail: 'e' },
      { index: 5, kind: 'fault', detail: 'f' },
      { index: 6, kind: 'open', path: 'f', detail: 'g' },
      { index: 7, kind: 'crash', detail: 'h' },
      { index: 8, kind: 'write', path: 'f', detail: 'i', survived: true },
    ];
    const window = windowTimeline(timeline);
    expect(window.events.map((classified) => classified.status)).toEqual(['survived', 'lost', 'unsynced-unknown', 'sync', 'ack', 'fault', 'other', 'crash', 'after-crash']);
    expect(window).toMatchObject({ omittedBefore: 0, omittedAfter: 0, hasCrashEvent: true });
  });

  it('notes a timeline without a crash event', () => {
    expect(windowTimeline(writes(3, 99)).hasCrashEvent).toBe(false);
  });

  it('keeps a long timeline to the window that ends shortly after the crash', () => {
    const window = windowTimeline(writes(1000, 900), 100);
    expect(window.events).toHaveLength(100);
    const crashAt = window.events.findIndex((classified) => classified.status === 'crash');
    expect(crashAt).toBe(100 - 1 - 20);
    expect(window.omittedBefore + window.events.length + window.omittedAfter).toBe(1001);
    expect(window.omittedAfter).toBe(1001 - (900 + 1 + 20));
  });

  it('keeps the start of a long timeline whose crash comes early', () => {
    const window = windowTimeline(writes(1000, 10), 100);
    expect(window.omittedBefore).toBe(0);
    expect(window.events[10]?.status).toBe('crash');
    expect(window.events).toHaveLength(11 + 20);
  });
});
