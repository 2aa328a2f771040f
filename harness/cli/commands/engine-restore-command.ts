/**
 * `unplug engine restore --from B --archive A --to D2 [--target-lsn L]`: a
 * point-in-time restore onto a new timeline (engine/archive/point-in-time-restore.ts).
 */
import { resolve } from 'node:path';
import { restoreToTarget } from '../../../engine/archive/point-in-time-restore.js';
import type { RestoreTarget } from '../../../engine/archive/point-in-time-restore.js';
import { NodeFileSystem } from '../../../engine/fs/node-file-system.js';
import { formatLsn, parseLsn } from '../../../engine/wal/lsn.js';
import { EXIT_CODES, UsageError } from '../exit-codes.js';
import { parseCommandArguments, parseIntegerOption } from '../parse-arguments.js';
import { runTool } from './engine-tool-errors.js';
import { checkOutputDirectory } from '../path-checks.js';

const OPTIONS = {
  from: { type: 'string' },
  archive: { type: 'string' },
  to: { type: 'string' },
  'target-lsn': { type: 'string' },
  'target-time': { type: 'string' },
  'target-timeline': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `usage: unplug engine restore --from <backup> --archive <archive dir> --to <new store> [options]

Rebuilds a store from a base backup and archived WAL: every commit at or before
the target, nothing after. The new store starts a new timeline: its segment
names carry the new timeline ID, and a history file (also written to the
archive) records where it branched.

options:
  --from <path>            a base backup (unplug engine backup); required
  --archive <path>         the WAL archive directory (--archive-dir of unplug engine); required
  --to <path>              the new store: a new or empty directory; required
  --target-lsn <X/Y>       restore every commit whose LSN is at or before this one
                           (the LSNs acks carry; unplug engine waldump lists them)
  --target-time <T>        restore every commit made durable at or before T (ISO 8601, or ms since
                           the epoch), from the commit times archived beside each segment
                           (directory archives only; flushes before an engine restart are not timed)
  --target-timeline <N>    follow timeline N instead of the newest one descending from the backup
  --json                   print the result as JSON
  -h, --help               print this help
Without a target the restore replays to the end of the archived WAL.
`;

/** Runs `unplug engine restore`; resolves to the exit code. */
export function runEngineRestoreCommand(argv: readonly string[]): number {
  const { values } = parseCommandArguments('engine restore', argv, OPTIONS);
  if (values.help === true) {
    process.stdout.write(HELP);
    return EXIT_CODES.ok;
  }
  for (const flag of ['from', 'archive', 'to'] as const) {
    const value = values[flag];
    if (value === undefined || value === '') throw new UsageError(`unplug engine restore: --${flag} <path> is required (see 'unplug engine restore --help')`);
  }
  if (values['target-time'] !== undefined && values['target-lsn'] !== undefined) throw new UsageError('unplug engine restore: give --target-lsn or --target-time, not both');
  let target: RestoreTarget = { kind: 'end' };
  if (values['target-time'] !== undefined) {
    const text = values['target-time'];
    const timeMs = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
    if (!Number.isSafeInteger(timeMs) || !/^\d|^\d{4}-/.test(text)) {
      throw new UsageError(`unplug engine restore: --target-time must be an ISO 8601 time like 2026-12-02T05:30:00Z or milliseconds since the epoch, got '${text}'`);
    }
    target = { kind: 'time', timeMs };
  }
  if (values['target-lsn'] !== undefined) {
    const lsn = parseLsn(values['target-lsn']);
    if (lsn === undefined) throw new UsageError(`unplug engine restore: --target-lsn must be an LSN like 0/16B3D0, got '${values['target-lsn']}'`);
    target = { kind: 'lsn', lsn };
  }
  const timelineText = values['target-timeline'];
  const timeline: number | 'latest' = timelineText === undefined || timelineText === 'latest' ? 'latest' : parseIntegerOption('target-timeline', timelineText, 1, 1);
  const request = {
    backupDirectory: resolve(values.from ?? ''),
    archiveDirectory: resolve(values.archive ?? ''),
    targetDirectory: checkOutputDirectory('--to', values.to ?? ''),
    target,
    timeline,
  };
  const report = runTool('restore', () => restoreToTarget(new NodeFileSystem(), request));
  const lastCommit = report.lastCommitLsn === undefined ? null : formatLsn(report.lastCommitLsn);
  if (values.json === true) {
    process.stdout.write(
      JSON.stringify({
        tool: 'unplug',
        command: 'engine restore',
        to: request.targetDirectory,
        ...report,
        switchLsn: formatLsn(report.switchLsn),
        lastCommitLsn: lastCommit,
        targetLsn: report.targetLsn === undefined ? null : formatLsn(report.targetLsn),
      }) + '\n',
    );
  } else {
    process.stdout.write(
      `restored ${request.targetDirectory}: ${report.commitsReplayed} commits replayed from the WAL, last commit at ${lastCommit ?? 'none (the backup alone)'}, ` +
        `${report.entries} keys; new timeline ${report.timeline} branches off timeline ${report.parentTimeline} at ${formatLsn(report.switchLsn)}` +
        // A restore follows the newest timeline descending from the backup, which may be an earlier restore's: say so, or a shorter restore surprises.
        (report.followedTimeline === report.parentTimeline ? '' : ` (followed timeline ${report.followedTimeline}, the newest descending from the backup; --target-timeline chooses another)`) +
        '\n',
    );
  }
  return EXIT_CODES.ok;
}
