/**
 * Timelines and their history files. A point-in-time restore does not continue
 * the old history: it starts a new timeline, whose ID is the first eight hex
 * digits of every segment name it writes, so WAL of the old timeline past the
 * branch point can never be mistaken for the new one's. A history file, named
 * like PostgreSQL's `TTTTTTTT.history`, lists the new timeline's ancestors and
 * where each one ended (its switch point), oldest first, one line each:
 *
 *   <parent timeline, decimal> TAB <switch point LSN, X/Y> TAB <reason>
 *
 *   1	0/1004A8	restore to target LSN 0/1004A8
 *   2	0/2C01F0	restore to the end of the archive
 *
 * A store's current timeline is the highest timeline with a history file in
 * its directory (1 when there is none): the restore writes that file before
 * the checkpoint that makes the restored store openable.
 */
import type { FileSystem } from '../fs/file-system.js';
import { FileSystemError, joinPath } from '../fs/file-system.js';
import type { Lsn } from '../wal/lsn.js';
import { formatLsn, parseLsn } from '../wal/lsn.js';
import { TIMELINE_ID, TIMELINE_ID_MAX } from '../wal/segment-geometry.js';

/** Frozen constants of the history file format. */
export const HISTORY_FILE_FORMAT = Object.freeze({
  suffix: '.history',
  namePattern: /^([0-9A-F]{8})\.history$/,
  /** A history with more ancestors than this is refused as damaged. */
  entriesMax: 10_000,
});

/** One ancestor of a timeline: it ran until `switchLsn`, exclusive. */
export interface TimelineHistoryEntry {
  readonly parentTimeline: number;
  readonly switchLsn: Lsn;
  readonly reason: string;
}

/** The file name of a timeline's history file. */
export function historyFileName(timeline: number): string {
  return timeline.toString(16).toUpperCase().padStart(8, '0') + HISTORY_FILE_FORMAT.suffix;
}

/** The timeline a history file name denotes, or undefined for any other name. */
export function parseHistoryFileName(name: string): number | undefined {
  const match = HISTORY_FILE_FORMAT.namePattern.exec(name);
  return match === null ? undefined : Number.parseInt(match[1] ?? '', 16);
}

/** Encodes a history as its text lines. */
export function encodeHistory(entries: readonly TimelineHistoryEntry[]): string {
  return entries.map((entry) => `${entry.parentTimeline}\t${formatLsn(entry.switchLsn)}\t${entry.reason.replace(/[\t\n]/g, ' ')}\n`).join('');
}

/** Decodes a history file; returns a reason string when a line is malformed. */
export function decodeHistory(text: string): TimelineHistoryEntry[] | string {
  const entries: TimelineHistoryEntry[] = [];
  const lines = text.split('\n').filter((line) => line.trim().length > 0);
  if (lines.length > HISTORY_FILE_FORMAT.entriesMax) return `history has ${lines.length} lines, more than ${HISTORY_FILE_FORMAT.entriesMax}`;
  for (const [index, line] of lines.entries()) {
    const [timelineText = '', lsnText = '', reason = ''] = line.split('\t');
    const parentTimeline = /^\d{1,10}$/.test(timelineText) ? Number(timelineText) : Number.NaN;
    const switchLsn = parseLsn(lsnText);
    if (!(parentTimeline >= TIMELINE_ID && parentTimeline <= TIMELINE_ID_MAX) || switchLsn === undefined) {
      return `line ${index + 1} is not "<timeline> TAB <LSN> TAB <reason>": ${JSON.stringify(line.slice(0, 80))}`;
    }
    const previous = entries.at(-1);
    if (previous !== undefined && (parentTimeline <= previous.parentTimeline || switchLsn < previous.switchLsn)) {
      return `line ${index + 1} goes backwards (timeline ${parentTimeline} at ${lsnText})`;
    }
    entries.push({ parentTimeline, switchLsn, reason });
  }
  return entries;
}

/** The timelines that have a history file in `directory` (empty when the directory does not exist). */
export function timelinesWithHistory(fileSystem: FileSystem, directory: string): number[] {
  if (!fileSystem.exists(directory)) return [];
  return fileSystem
    .list(directory)
    .map(parseHistoryFileName)
    .filter((timeline): timeline is number => timeline !== undefined);
}

/** The timeline a store directory writes: the highest with a history file there, else 1. */
export function currentTimeline(fileSystem: FileSystem, directory: string): number {
  return Math.max(TIMELINE_ID, ...timelinesWithHistory(fileSystem, directory));
}

/** Reads a timeline's history from `directory`; timeline 1 has none. Throws FileSystemError ENOENT when the file is missing. */
export function readHistory(fileSystem: FileSystem, directory: string, timeline: number): TimelineHistoryEntry[] | string {
  if (timeline === TIMELINE_ID) return [];
  const path = joinPath(directory, historyFileName(timeline));
  if (!fileSystem.exists(path)) throw new FileSystemError('ENOENT', 'read history of', path);
  return decodeHistory(Buffer.from(fileSystem.readFile(path)).toString('utf8'));
}

/** The timeline whose WAL holds `lsn` on the way to `timeline` with ancestry `history`. */
export function timelineOfLsn(history: readonly TimelineHistoryEntry[], timeline: number, lsn: Lsn): number {
  for (const entry of history) {
    if (lsn < entry.switchLsn) return entry.parentTimeline;
  }
  return timeline;
}
