/**
 * `unplug engine cdc --dir D --from-lsn L [--follow]`: streams a store's
 * committed changes after L as JSON lines (engine/cdc/change-line.ts), only
 * those durable on the primary (engine/cdc/read-changes.ts). With --follow it
 * waits for more until SIGINT or SIGTERM, then exits 0.
 */
import { resolve } from 'node:path';
import { CdcError } from '../../../engine/cdc/cdc-error.js';
import { encodeChangeLine } from '../../../engine/cdc/change-line.js';
import { readChanges } from '../../../engine/cdc/read-changes.js';
import type { DefectName } from '../../../engine/engine-types.js';
import { parseLsn } from '../../../engine/wal/lsn.js';
import { assertNever } from '../../../engine/invariants.js';
import { EXIT_CODES, InfrastructureError, UsageError } from '../exit-codes.js';
import { parseCommandArguments, parseIntegerOption } from '../parse-arguments.js';
import { runTool } from './engine-tool-errors.js';

/** The defect this tool can switch on: the reader's own. */
const READER_DEFECT: DefectName = 'cdc-emits-before-durable';
/** The slowest poll a follower may be asked for. */
const POLL_INTERVAL_MS_MAX = 60_000;

const OPTIONS = {
  dir: { type: 'string' },
  'from-lsn': { type: 'string' },
  follow: { type: 'boolean' },
  'poll-interval-ms': { type: 'string' },
  defect: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `usage: unplug engine cdc --dir <store> --from-lsn <X/Y> [--follow]

Streams the committed changes of a store after an LSN, in LSN order, one JSON
line per write:

  {"lsn":"0/1030","tx":7,"key":"a","old":null,"new":"x","write":0,"writes":1}

A change is printed only once its commit is durable: the primary must run with
--publish-flush-lsn (or be closed cleanly). Give --from-lsn the LSN of the last
commit you processed durably (0/0 the first time): you get exactly the commits
after it. An LSN older than the retained WAL (a checkpoint folded it) is refused
with the oldest LSN the store can resume from (exit 2).

options:
  --dir <path>              the store's data directory; required
  --from-lsn <X/Y>          the last LSN the consumer confirmed; required
  --follow                  keep streaming new commits until SIGINT or SIGTERM
  --poll-interval-ms <ms>   how often a follower looks for new commits (default 20)
  --defect ${READER_DEFECT}
                            emit commits before they are durable (for harness tests)
  -h, --help                print this help
`;

/** Runs `unplug engine cdc`; resolves to the exit code. */
export async function runEngineCdcCommand(argv: readonly string[]): Promise<number> {
  const { values } = parseCommandArguments('engine cdc', argv, OPTIONS);
  if (values.help === true) {
    process.stdout.write(HELP);
    return EXIT_CODES.ok;
  }
  if (values.dir === undefined || values.dir === '') throw new UsageError(`unplug engine cdc: --dir <path> is required (see 'unplug engine cdc --help')`);
  const fromText = values['from-lsn'];
  if (fromText === undefined) throw new UsageError(`unplug engine cdc: --from-lsn <X/Y> is required (0/0 streams from the oldest retained commit)`);
  const fromLsn = parseLsn(fromText);
  if (fromLsn === undefined) throw new UsageError(`unplug engine cdc: --from-lsn must be an LSN like 0/16B3D0, got '${fromText}'`);
  const defects = values.defect ?? [];
  for (const defect of defects) {
    if (defect !== READER_DEFECT) throw new UsageError(`unplug engine cdc: --defect must be ${READER_DEFECT}, got '${defect}'`);
  }
  const pollIntervalMs = parseIntegerOption('poll-interval-ms', values['poll-interval-ms'], 20, 1, POLL_INTERVAL_MS_MAX);
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const changes = readChanges({
      directory: resolve(values.dir),
      fromLsn,
      follow: values.follow === true,
      signal: controller.signal,
      pollIntervalMs,
      defects: defects as DefectName[],
    });
    for (;;) {
      const next = await nextChange(changes);
      if (next.done === true) break;
      // Pipes to stdout are synchronous on Linux: a line is handed over before the next is read.
      process.stdout.write(encodeChangeLine(next.value) + '\n');
    }
    return EXIT_CODES.ok;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** The next change, with the reader's typed errors turned into the CLI's. */
async function nextChange<T>(changes: AsyncGenerator<T, void>): Promise<IteratorResult<T, void>> {
  try {
    return await changes.next();
  } catch (error) {
    // Engine and file-system errors get the offline tools' mapping (engine-tool-errors.ts).
    if (!(error instanceof CdcError)) return runTool('cdc', () => { throw error; });
    switch (error.code) {
      case 'FROM_LSN_NOT_RETAINED':
        throw new UsageError(`unplug engine cdc: ${error.message}`);
      case 'NO_STORE':
        // A directory that holds no store is a wrong --dir, as for waldump: bad input, not a failure.
        throw new UsageError(`unplug engine cdc: ${error.message}`);
      case 'WAL_RECYCLED':
      case 'WAL_DAMAGED':
        throw new InfrastructureError(`unplug engine cdc: ${error.code}: ${error.message}`, { cause: error });
      default:
        return assertNever(error.code, 'cdc error code');
    }
  }
}
