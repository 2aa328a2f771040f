/**
 * `unplug bench`: fsync-gated commit throughput and latency of the reference
 * engine against the disk's raw sync ceiling, measured in one run. Exits 0
 * when the run completed (a benchmark has no verdict), 2 on bad usage, 3 when
 * the engine would not start.
 */
import os from 'node:os';
import { SYNC_METHODS, type SyncMethod } from '../../../engine/engine-types.js';
import { ARCHIVE_SEGMENT_SIZE_BYTES_DEFAULT, type BenchOptions, type DriverChoice } from '../../bench/bench-plan.js';
import { CLOSED_LOOP_LIMITS } from '../../bench/closed-loop-driver.js';
import { formatBenchReport } from '../../bench/format-bench-report.js';
import { runBench, type BenchProgress } from '../../bench/run-bench.js';
import { writeBenchOutputs } from '../../bench/write-bench-outputs.js';
import { EXIT_CODES, UsageError } from '../exit-codes.js';
import { parseCommandArguments, parseDurationOption, parseIntegerOption, parseSeedOption, parseSegmentSizeOption, parseSizeOption } from '../parse-arguments.js';
import { checkExistingDirectory, checkOutputDirectory } from '../path-checks.js';

/** Bounds of the options. */
const BENCH_LIMITS = Object.freeze({
  timeDefaultMs: 20_000,
  timeMinimumMs: 100,
  timeMaximumMs: 3_600_000,
  injectedLatencyMsMax: 1_000,
  listLengthMax: 16,
});

const HELP = `usage: unplug bench [--dir <dir>] [--time <duration>] [--json] [--out <dir>]
                    [--latency <ms,...>] [--peers] [--replica] [--archive [--segment-size <size>]] [--driver <driver>]
                    [--sync-methods <m,...>] [--clients <n,...>] [--record-sizes <size,...>] [--seed <n>]

Measures durable commits per second and commit latency (p50/p99/p999) of the
reference engine for each sync method x client count x record size, against
the disk's raw append+fdatasync ceiling (and B records per sync, the
group-commit ceiling) measured interleaved in the same run.

options:
  --dir <dir>               the disk to measure (default: the OS temp dir)
  --time <duration>         measuring budget, e.g. 5s, 2m (default 20s); engine start-up adds to it
  --json                    print one JSON document on stdout and nothing else
  --out <dir>               also write bench.json and a self-contained bench.html there
  --latency <ms,...>        slow-disk variant: inject this fixed delay per sync through the shim,
                            at 1, 8 and 64 clients (e.g. 1,5,20)
  --peers                   also run SQLite (better-sqlite3, WAL, synchronous=FULL) and LevelDB
                            (classic-level, sync writes) at 1 and 64 clients, if installed:
                            npm install --no-save better-sqlite3 classic-level
                            (or: npm install --prefix .peers better-sqlite3 classic-level)
  --replica                 also run \`unplug engine\` as a child process at 1 and 64 clients without a
                            replica, serving an asynchronous one and a synchronous one (--serve-replicas)
  --archive                 also run the engine in-process at 1 and 64 clients with small WAL segments
                            and 1 KiB records, without archiving and archiving every completed segment
                            to a directory on the same disk, in paired rounds; reports segments archived
                            and the archive lag at the end of each round
  --segment-size <size>     WAL segment size of the --archive cells, a power of two from 4k to 1g
                            (default 1m, so segments complete many times per round)
  --driver <driver>         in-process, child-process, or both (default: the matrix in-process,
                            plus \`unplug engine\` as a child process at 1 and 64 clients)
  --sync-methods <m,...>    default: ${SYNC_METHODS.join(',')}
  --clients <n,...>         concurrent closed-loop clients (default 1,8,64,256; at most ${CLOSED_LOOP_LIMITS.clientsMax})
  --record-sizes <s,...>    value bytes per commit (default 100,8k)
  --seed <n>                seed of the run (default: random)
  -h, --help                show this help`;

/** Splits a comma-separated list, naming the flag when it is empty or too long. */
function listOption(flag: string, value: string): readonly string[] {
  const items = value.split(',').map((item) => item.trim());
  if (items.length === 0 || items.length > BENCH_LIMITS.listLengthMax || items.some((item) => item.length === 0)) {
    throw new UsageError(`--${flag} must be a comma-separated list of at most ${BENCH_LIMITS.listLengthMax} values, got '${value}'`);
  }
  return items;
}

/** Parses `--latency`: positive milliseconds. */
function latencyList(value: string | undefined): readonly number[] {
  if (value === undefined) return [];
  return listOption('latency', value).map((item) => {
    const latencyMs = Number(item);
    if (!/^\d+(\.\d+)?$/.test(item) || latencyMs <= 0 || latencyMs > BENCH_LIMITS.injectedLatencyMsMax) {
      throw new UsageError(`--latency values must be milliseconds in (0, ${BENCH_LIMITS.injectedLatencyMsMax}], got '${item}'`);
    }
    return latencyMs;
  });
}

/** Parses `--segment-size`: only with `--archive`, a power of two the engine accepts. */
function archiveSegmentSize(value: string | undefined, archive: boolean): number {
  if (value === undefined) return ARCHIVE_SEGMENT_SIZE_BYTES_DEFAULT;
  if (!archive) throw new UsageError(`--segment-size sets the segment size of the --archive cells; add --archive (got '--segment-size ${value}' without it)`);
  return parseSegmentSizeOption(value) ?? ARCHIVE_SEGMENT_SIZE_BYTES_DEFAULT;
}

/** Parses the command line into bench options plus output choices. */
export function parseBenchArguments(argv: readonly string[]): { readonly help: boolean; readonly json: boolean; readonly outDirectory: string | undefined; readonly options: BenchOptions } {
  const { values } = parseCommandArguments('bench', argv, {
    dir: { type: 'string' },
    time: { type: 'string' },
    json: { type: 'boolean' },
    out: { type: 'string' },
    latency: { type: 'string' },
    peers: { type: 'boolean' },
    replica: { type: 'boolean' },
    archive: { type: 'boolean' },
    'segment-size': { type: 'string' },
    driver: { type: 'string' },
    'sync-methods': { type: 'string' },
    clients: { type: 'string' },
    'record-sizes': { type: 'string' },
    seed: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const timeBudgetMs = parseDurationOption('time', values.time, BENCH_LIMITS.timeDefaultMs);
  if (timeBudgetMs < BENCH_LIMITS.timeMinimumMs || timeBudgetMs > BENCH_LIMITS.timeMaximumMs) {
    throw new UsageError(`--time must be between ${BENCH_LIMITS.timeMinimumMs}ms and 1h, got '${values.time ?? ''}'`);
  }
  const driver = values.driver ?? 'both';
  if (driver !== 'in-process' && driver !== 'child-process' && driver !== 'both') {
    throw new UsageError(`--driver must be in-process, child-process or both, got '${driver}'`);
  }
  const syncMethods = values['sync-methods'] === undefined ? SYNC_METHODS : listOption('sync-methods', values['sync-methods']);
  for (const method of syncMethods) {
    if (!(SYNC_METHODS as readonly string[]).includes(method)) throw new UsageError(`--sync-methods: unknown sync method '${method}' (one of ${SYNC_METHODS.join(', ')})`);
  }
  const clientCounts = values.clients === undefined ? [1, 8, 64, 256] : listOption('clients', values.clients).map((item) => parseIntegerOption('clients', item, 1, 1, CLOSED_LOOP_LIMITS.clientsMax));
  const recordSizesBytes = values['record-sizes'] === undefined ? [100, 8192] : listOption('record-sizes', values['record-sizes']).map((item) => parseSizeOption('record-sizes', item, 100));
  for (const sizeBytes of recordSizesBytes) {
    if (sizeBytes < 1 || sizeBytes > CLOSED_LOOP_LIMITS.recordSizeBytesMax) throw new UsageError(`--record-sizes must be from 1 byte to 1m, got '${sizeBytes}'`);
  }
  const archiveSegmentSizeBytes = archiveSegmentSize(values['segment-size'], values.archive === true);
  const seed = parseSeedOption(values.seed, Math.floor(Math.random() * 0x7fffffff));
  return {
    help: values.help === true,
    json: values.json === true,
    outDirectory: values.out === undefined ? undefined : checkOutputDirectory('--out', values.out),
    options: {
      directory: checkExistingDirectory('--dir', values.dir ?? os.tmpdir()),
      timeBudgetMs,
      seed,
      syncMethods: syncMethods as readonly SyncMethod[],
      clientCounts,
      recordSizesBytes,
      driver: driver satisfies DriverChoice,
      injectedLatenciesMs: latencyList(values.latency),
      peers: values.peers === true,
      replication: values.replica === true,
      archive: values.archive === true,
      archiveSegmentSizeBytes,
    },
  };
}

/** A progress line on stderr when it is a terminal; silence otherwise. */
function terminalProgress(): BenchProgress | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (completed, total, label) => {
    process.stderr.write(`\r\u001b[2K[${completed}/${total}] ${label}${completed === total ? '\n' : ''}`);
  };
}

/** Runs `unplug bench`. */
export async function runBenchCommand(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return EXIT_CODES.ok;
  }
  const { json, outDirectory, options } = parseBenchArguments(argv);
  const report = await runBench(options, terminalProgress());
  if (outDirectory !== undefined) writeBenchOutputs(report, outDirectory);
  process.stdout.write(json ? `${JSON.stringify(report)}\n` : `${formatBenchReport(report)}\n`);
  return EXIT_CODES.ok;
}
