/**
 * `unplug disk [dir]`: a pg_test_fsync-style table of sync methods in a
 * directory and a verdict on whether its syncs are honoured. Exits 0 when they
 * appear honoured and 1 when they appear disabled, so CI can gate on it.
 */
import os from 'node:os';
import { runDiskCheck } from '../../disk/disk-check.js';
import { formatDiskReport } from '../../disk/format-disk-report.js';
import { EXIT_CODES, UsageError } from '../exit-codes.js';
import { parseCommandArguments, parseDurationOption } from '../parse-arguments.js';
import { checkExistingDirectory } from '../path-checks.js';

/** Bounds of `--time`. */
const DISK_TIME_LIMITS = Object.freeze({ defaultMs: 5_000, minimumMs: 50, maximumMs: 600_000 });

const HELP = `usage: unplug disk [dir] [--time <duration>] [--json]

Measures 8 KiB writes made durable by fdatasync, fsync, O_DSYNC and O_SYNC
(overwriting preallocated space, and appending where it matters) against
unsynced writes, in <dir> (default: the OS temp dir), and says whether syncs
there look honoured.

options:
  --time <duration>  total measuring time, e.g. 500ms, 5s (default 5s, at most 10m)
  --json             print one JSON document on stdout and nothing else
  -h, --help         show this help

exit codes: 0 syncs appear honoured; 1 syncs appear disabled; 2 bad usage.`;

/** Runs `unplug disk`. */
export async function runDiskCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArguments(
    'disk',
    argv,
    { time: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    true,
  );
  if (values.help === true) {
    process.stdout.write(`${HELP}\n`);
    return EXIT_CODES.ok;
  }
  if (positionals.length > 1) throw new UsageError(`unplug disk: expected at most one directory, got ${positionals.map((value) => `'${value}'`).join(' ')}`);
  const directory = checkExistingDirectory('directory', positionals[0] ?? os.tmpdir());
  const durationMs = parseDurationOption('time', values.time, DISK_TIME_LIMITS.defaultMs);
  if (durationMs < DISK_TIME_LIMITS.minimumMs || durationMs > DISK_TIME_LIMITS.maximumMs) {
    throw new UsageError(`--time must be between ${DISK_TIME_LIMITS.minimumMs}ms and 10m, got '${values.time ?? ''}'`);
  }
  const report = runDiskCheck({ directory, durationMs });
  process.stdout.write(values.json === true ? `${JSON.stringify(report)}\n` : `${formatDiskReport(report)}\n`);
  return report.verdict === 'honoured' ? EXIT_CODES.ok : EXIT_CODES.verdictDiffers;
}
