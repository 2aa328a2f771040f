/**
 * `unplug engine waldump --dir D [--from-lsn L]`: prints a store's WAL records
 * the way pg_waldump does (engine/archive/wal-dump.ts).
 */
import { resolve } from 'node:path';
import { dumpWal } from '../../../engine/archive/wal-dump.js';
import { NodeFileSystem } from '../../../engine/fs/node-file-system.js';
import { parseLsn } from '../../../engine/wal/lsn.js';
import { EXIT_CODES, UsageError } from '../exit-codes.js';
import { parseCommandArguments } from '../parse-arguments.js';
import { runTool } from './engine-tool-errors.js';

const OPTIONS = {
  dir: { type: 'string' },
  'from-lsn': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `usage: unplug engine waldump --dir <store or archive> [--from-lsn <X/Y>]

Prints every WAL record of the current timeline, one per line: LSN, previous
LSN, flush LSN, transaction, record type, length, checksum status, and the keys
a commit writes with their sizes. Records recovery would stop at are marked:
crc BAD (damaged bytes), STALE (a record left from a recycled segment's earlier
life), and where zeros begin.

options:
  --dir <path>         a store's data directory or a WAL archive (--archive-dir); required
  --from-lsn <X/Y>     start at the first record at or after this LSN (default: the first segment)
  -h, --help           print this help
`;

/** Runs `unplug engine waldump`; resolves to the exit code. */
export function runEngineWaldumpCommand(argv: readonly string[]): number {
  const { values } = parseCommandArguments('engine waldump', argv, OPTIONS);
  if (values.help === true) {
    process.stdout.write(HELP);
    return EXIT_CODES.ok;
  }
  if (values.dir === undefined || values.dir === '') throw new UsageError(`unplug engine waldump: --dir <path> is required (see 'unplug engine waldump --help')`);
  let fromLsn: number | undefined;
  if (values['from-lsn'] !== undefined) {
    fromLsn = parseLsn(values['from-lsn']);
    if (fromLsn === undefined) throw new UsageError(`unplug engine waldump: --from-lsn must be an LSN like 0/16B3D0, got '${values['from-lsn']}'`);
  }
  const directory = resolve(values.dir);
  const lines: string[] = [];
  runTool('waldump', () => dumpWal(new NodeFileSystem(), directory, fromLsn, (line) => lines.push(line)));
  process.stdout.write(lines.join('\n') + '\n');
  return EXIT_CODES.ok;
}
