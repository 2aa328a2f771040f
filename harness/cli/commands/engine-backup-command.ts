/**
 * `unplug engine backup --dir D --to B`: a consistent base backup of a live or
 * closed store (engine/archive/base-backup.ts), printed as one summary line or,
 * with `--json`, as the backup label.
 */
import { resolve } from 'node:path';
import { takeBaseBackup } from '../../../engine/archive/base-backup.js';
import { NodeFileSystem } from '../../../engine/fs/node-file-system.js';
import { formatLsn } from '../../../engine/wal/lsn.js';
import { EXIT_CODES, UsageError } from '../exit-codes.js';
import { parseCommandArguments } from '../parse-arguments.js';
import { runTool } from './engine-tool-errors.js';
import { checkOutputDirectory } from '../path-checks.js';

const OPTIONS = {
  dir: { type: 'string' },
  to: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `usage: unplug engine backup --dir <store> --to <backup dir> [--json]

Takes a base backup of a store, live or closed: its checkpoint (control file and
data file, read as a consistent pair) and the WAL from the checkpoint's redo
point on. With WAL archiving on, the backup plus the archive restore any point
after the backup started (unplug engine restore).

options:
  --dir <path>   the store's data directory; required
  --to <path>    where the backup goes: a new or empty directory; required
  --json         print the backup label as JSON
  -h, --help     print this help
`;

/** Runs `unplug engine backup`; resolves to the exit code. */
export function runEngineBackupCommand(argv: readonly string[]): number {
  const { values } = parseCommandArguments('engine backup', argv, OPTIONS);
  if (values.help === true) {
    process.stdout.write(HELP);
    return EXIT_CODES.ok;
  }
  if (values.dir === undefined || values.dir === '') throw new UsageError(`unplug engine backup: --dir <store> is required (see 'unplug engine backup --help')`);
  if (values.to === undefined || values.to === '') throw new UsageError(`unplug engine backup: --to <backup dir> is required (see 'unplug engine backup --help')`);
  const source = resolve(values.dir);
  const target = checkOutputDirectory('--to', values.to);
  const label = runTool('backup', () => takeBaseBackup(new NodeFileSystem(), source, target));
  if (values.json === true) {
    process.stdout.write(JSON.stringify({ tool: 'unplug', command: 'engine backup', dir: source, to: target, ...label, startLsn: formatLsn(label.startLsn), endLsn: formatLsn(label.endLsn) }) + '\n');
  } else {
    process.stdout.write(
      `base backup of ${source} in ${target}: timeline ${label.timeline}, restorable from ${formatLsn(label.startLsn)}, ` +
        `its own WAL reaches ${formatLsn(label.endLsn)} (${label.commitsInWal} commits)\n`,
    );
  }
  return EXIT_CODES.ok;
}
