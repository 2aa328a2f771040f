/**
 * The colours and legend labels of timeline statuses, shared by the SVG strip,
 * the event table and the legend so the three always agree. Colours come from
 * the Okabe-Ito palette, which stays distinguishable under the common forms of
 * colour blindness; survived and lost also differ in the table's words and
 * marks, never in colour alone.
 */
import type { TimelineStatus } from './timeline-model.js';

/** One status's colour and its legend text. */
export interface StatusStyle {
  readonly colour: string;
  readonly label: string;
}

/** The style of every timeline status. */
export const STATUS_STYLES: Readonly<Record<TimelineStatus, StatusStyle>> = Object.freeze({
  survived: { colour: '#009E73', label: 'write, directory entry or acknowledged commit that survived the crash' },
  lost: { colour: '#D55E00', label: 'write, directory entry or acknowledged commit lost in the crash' },
  'unsynced-unknown': { colour: '#E5C07B', label: 'write not marked survived or lost' },
  sync: { colour: '#0072B2', label: 'sync (fsync, fdatasync, directory sync)' },
  ack: { colour: '#CC79A7', label: 'commit acknowledged to the client' },
  output: { colour: '#8C8C8C', label: 'other protocol output' },
  fault: { colour: '#E69F00', label: 'injected fault' },
  crash: { colour: '#000000', label: 'crash point' },
  'after-crash': { colour: '#C8C8C8', label: 'after the crash (not in the crash state)' },
  other: { colour: '#8C8C8C', label: 'open' },
});

/** The order statuses appear in the legend. */
export const LEGEND_ORDER: readonly TimelineStatus[] = Object.freeze(['survived', 'lost', 'unsynced-unknown', 'sync', 'ack', 'fault', 'crash', 'after-crash', 'output', 'other']);
