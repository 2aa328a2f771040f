/**
 * `unplug engine`: the composition root of the reference engine's protocol-v1
 * host (docs/protocol.md). It builds the file-system stack (the shim's
 * decorators when `UNPLUG_SHIM` is set), opens the engine with recovery,
 * prints `ready` (or `fatal` and exits 1), then serves stdin until `close` or
 * end of input. It is started thousands of times per campaign, so it imports
 * only what it needs, and the shim stack only when asked for.
 */
import { DEFECT_NAMES, SYNC_METHODS, EngineError, type DefectName, type Engine, type EngineOptions, type SyncMethod } from '../../../engine/engine-types.js';
import { FileSystemError } from '../../../engine/fs/file-system.js';
import { NodeFileSystem } from '../../../engine/fs/node-file-system.js';
import { encodeResponse } from '../../../engine/host/encode-response.js';
import { serveProtocol } from '../../../engine/host/protocol-host.js';
import type { FatalResponse } from '../../../engine/host/protocol.js';
import { createFileDescriptorLineWriter } from '../../../engine/host/stdout-line-writer.js';
import { openEngine } from '../../../engine/store/open-engine.js';
import type { ShimStack } from '../../shim/compose-shim-file-system.js';
import { SHIM_CONFIG_ENVIRONMENT_VARIABLE, type ShimConfig } from '../../shim/shim-config.js';
import { EXIT_CODES, InfrastructureError, UsageError } from '../exit-codes.js';
import { isEngineSubcommand, runEngineSubcommand } from './engine-subcommands.js';
import { parseCommandArguments, parseSegmentSizeOption, parseSizeOption } from '../parse-arguments.js';
import { checkOutputDirectory } from '../path-checks.js';

/** Exit code when the engine cannot open (the `fatal` line says why) or fails to close. */
const ENGINE_FAILED_EXIT_CODE = 1;

const OPTIONS = {
  dir: { type: 'string' },
  'sync-method': { type: 'string' },
  'segment-size': { type: 'string' },
  'checkpoint-wal-bytes': { type: 'string' },
  defect: { type: 'string', multiple: true },
  'archive-dir': { type: 'string' },
  'archive-command': { type: 'string' },
  'wal-warn-bytes': { type: 'string' },
  'serve-replicas': { type: 'string' },
  'synchronous-replica': { type: 'boolean' },
  'replica-of': { type: 'string' },
  'publish-flush-lsn': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const HELP = `usage: unplug engine --dir <path> [options]

Runs the reference engine's protocol-v1 host: JSON requests on stdin, one
response line each on stdout (docs/protocol.md). Prints {"type":"ready",...}
after recovery, or {"type":"fatal",...} and exits 1 when recovery fails.

options:
  --dir <path>                 the data directory (created when missing); required
  --sync-method <method>       ${SYNC_METHODS.join(', ')} (default fdatasync)
  --segment-size <size>        WAL segment size, a power of two from 4k to 1g (default 16m)
  --checkpoint-wal-bytes <size> checkpoint automatically after this much WAL (default 4 segments)
  --defect <name>              switch on a named durability defect; repeatable:
                               ${DEFECT_NAMES.join(', ')}
  --archive-dir <path>         archive every completed WAL segment into this directory
                               (copy, sync, rename, sync the directory) before recycling it
  --archive-command <cmd>      or hand it to a shell command, PostgreSQL style: %p is the
                               segment's path, %f its name; exit 0 only once the copy is durable
  --wal-warn-bytes <size>      print a warning on stderr when the WAL on disk passes this size
  --serve-replicas <socket>    primary: stream the WAL to a replica connecting to this unix socket
                               (asynchronous: commits are acknowledged once durable here)
  --synchronous-replica        with --serve-replicas: acknowledge a commit only once the replica
                               has flushed it (waits up to 10 s, then answers REPLICA_TIMEOUT)
  --replica-of <socket>        replica: follow the primary serving on this socket; answers get,
                               dump and status, refuses commits (READ_ONLY) until {"type":"promote"}
  --publish-flush-lsn          publish the durable end of the log after every sync, for
                               change data capture ('unplug engine cdc')
  -h, --help                   print this help

subcommands (each has --help):
  unplug engine backup --dir D --to B             base backup of a live or closed store
  unplug engine restore --from B --archive A --to D2 [--target-lsn L | --target-time T] [--target-timeline N]
                                                  point-in-time restore onto a new timeline
  unplug engine waldump --dir D [--from-lsn L]    print WAL records, pg_waldump style
  unplug engine cdc --dir D --from-lsn L [--follow]
                                                  stream committed changes as JSON lines

environment:
  ${SHIM_CONFIG_ENVIRONMENT_VARIABLE}   JSON shim configuration: record a trace, inject faults
`;

/** Runs `unplug engine`; resolves to the exit code once the session has ended. */
export async function runEngineCommand(argv: readonly string[]): Promise<number> {
  // The archive tools (backup, restore, waldump) are subcommands, loaded only when asked for.
  if (isEngineSubcommand(argv[0])) return runEngineSubcommand(argv[0], argv.slice(1));
  const { values } = parseCommandArguments('engine', argv, OPTIONS);
  if (values.help === true) {
    process.stdout.write(HELP);
    return EXIT_CODES.ok;
  }
  const options = readEngineOptions(values);
  const shimConfig = readShimConfig(process.env[SHIM_CONFIG_ENVIRONMENT_VARIABLE]);
  const baseFileSystem = new NodeFileSystem();
  const shim = shimConfig === undefined ? undefined : await composeShim(baseFileSystem, shimConfig);
  const writeLine = createFileDescriptorLineWriter(shim === undefined ? {} : { recordOutput: (line) => shim.recordOutput(line) });
  try {
    let engine: Engine;
    try {
      engine = await openEngineOrReplica({ ...options, fileSystem: shim?.fileSystem ?? baseFileSystem }, readReplicationOptions(values, options));
    } catch (error) {
      const fatal = fatalResponse(error);
      if (fatal === undefined) throw error;
      writeOrGiveUp(() => writeLine(encodeResponse(fatal)));
      return ENGINE_FAILED_EXIT_CODE;
    }
    writeOrGiveUp(() => writeLine(encodeResponse({ type: 'ready', lsn: engine.lsn(), recovery: engine.recovery })));
    let outcome;
    try {
      outcome = await serveProtocol(engine, process.stdin, writeLine);
    } catch (error) {
      throw new InfrastructureError(`cannot write to stdout, the client is gone: ${describe(error)}`, { cause: error });
    }
    if (outcome.closeFailure !== undefined) {
      process.stderr.write(`unplug engine: closing the engine failed: ${outcome.closeFailure.code}: ${outcome.closeFailure.message}\n`);
      return ENGINE_FAILED_EXIT_CODE;
    }
    return EXIT_CODES.ok;
  } finally {
    // Stdin would otherwise keep the event loop, and the process, alive after the session.
    process.stdin.destroy();
    shim?.close();
  }
}

/** Streaming replication's flags: serve a replica, or be one. */
interface ReplicationFlags {
  readonly serveSocketPath?: string;
  readonly synchronous: boolean;
  readonly replicaOf?: string;
}

function readReplicationOptions(values: ParsedValues, options: EngineOptions): ReplicationFlags {
  const serve = values['serve-replicas'];
  const replicaOf = values['replica-of'];
  const synchronous = values['synchronous-replica'] === true;
  if (serve !== undefined && replicaOf !== undefined) throw new UsageError(`unplug engine: give --serve-replicas or --replica-of, not both (cascading replication is not supported)`);
  if (synchronous && serve === undefined) throw new UsageError(`unplug engine: --synchronous-replica needs --serve-replicas <socket>`);
  for (const [flag, path] of [['--serve-replicas', serve], ['--replica-of', replicaOf]] as const) {
    // A unix socket path is limited to 107 bytes on Linux; a longer one fails at bind/connect with a vague error.
    if (path !== undefined && (path === '' || Buffer.byteLength(path) > 107)) throw new UsageError(`unplug engine: ${flag} must be a unix socket path of 1 to 107 bytes, got '${path}'`);
  }
  if (replicaOf !== undefined && options.archive !== undefined) throw new UsageError(`unplug engine: a replica (--replica-of) does not archive; give --archive-dir to the primary`);
  return { ...(serve === undefined ? {} : { serveSocketPath: serve }), synchronous, ...(replicaOf === undefined ? {} : { replicaOf }) };
}

/** Opens the engine as a plain store, a primary serving a replica, or a replica; replication is loaded only when asked for. */
async function openEngineOrReplica(options: EngineOptions, flags: ReplicationFlags): Promise<Engine> {
  if (flags.replicaOf !== undefined) {
    const { openReplica } = await import('../../../engine/replication/replica-engine.js');
    return openReplica(options, flags.replicaOf);
  }
  if (flags.serveSocketPath === undefined) return openEngine(options);
  const { openReplicationSender } = await import('../../../engine/replication/replication-sender.js');
  let sender;
  try {
    sender = await openReplicationSender({
      socketPath: flags.serveSocketPath,
      synchronous: flags.synchronous,
      ackOnSend: options.defects?.includes('ack-before-replica-flush') === true,
    });
  } catch (error) {
    throw new UsageError(`unplug engine: cannot listen on --serve-replicas '${flags.serveSocketPath}': ${describe(error)}`);
  }
  try {
    return openEngine({ ...options, replication: sender });
  } catch (error) {
    await sender.close();
    throw error;
  }
}

type ParsedValues = ReturnType<typeof parseCommandArguments<typeof OPTIONS>>['values'];

function readEngineOptions(values: ParsedValues): EngineOptions {
  if (values.dir === undefined || values.dir === '') {
    throw new UsageError(`unplug engine: --dir <path> is required (see 'unplug engine --help')`);
  }
  const syncMethod = values['sync-method'] ?? 'fdatasync';
  if (!(SYNC_METHODS as readonly string[]).includes(syncMethod)) {
    throw new UsageError(`unplug engine: --sync-method must be one of ${SYNC_METHODS.join(', ')}, got '${syncMethod}'`);
  }
  const defects = values.defect ?? [];
  for (const defect of defects) {
    if (!(DEFECT_NAMES as readonly string[]).includes(defect)) {
      throw new UsageError(`unplug engine: --defect must be one of ${DEFECT_NAMES.join(', ')}, got '${defect}'`);
    }
  }
  const options: { -readonly [Key in keyof EngineOptions]: EngineOptions[Key] } = {
    // Checked like every other directory flag: a pseudo file system is refused, not hung on.
    directory: checkOutputDirectory('--dir', values.dir),
    syncMethod: syncMethod as SyncMethod,
    defects: defects as DefectName[],
  };
  const segmentSizeBytes = parseSegmentSizeOption(values['segment-size']);
  if (segmentSizeBytes !== undefined) options.segmentSizeBytes = segmentSizeBytes;
  if (values['checkpoint-wal-bytes'] !== undefined) {
    const checkpointWalBytes = parseSizeOption('checkpoint-wal-bytes', values['checkpoint-wal-bytes'], 0);
    if (checkpointWalBytes < 1) throw new UsageError(`unplug engine: --checkpoint-wal-bytes must be at least 1, got '${values['checkpoint-wal-bytes']}'`);
    options.checkpointWalBytes = checkpointWalBytes;
  }
  readArchiveOptions(values, options);
  if (values['publish-flush-lsn'] === true) options.publishFlushLsn = true;
  return options;
}

/** WAL archiving and the WAL-bloat alarm (engine/archive/). */
function readArchiveOptions(values: ParsedValues, options: { -readonly [Key in keyof EngineOptions]: EngineOptions[Key] }): void {
  const directory = values['archive-dir'];
  const command = values['archive-command'];
  if (directory !== undefined && command !== undefined) throw new UsageError(`unplug engine: give --archive-dir or --archive-command, not both`);
  if (directory !== undefined) {
    options.archive = { destination: { kind: 'directory', directory: checkOutputDirectory('--archive-dir', directory) } };
  }
  if (command !== undefined) {
    if (!command.includes('%p')) throw new UsageError(`unplug engine: --archive-command must contain %p (the segment's path), got '${command}'`);
    options.archive = { destination: { kind: 'command', command } };
  }
  if (values['wal-warn-bytes'] !== undefined) {
    const walWarnBytes = parseSizeOption('wal-warn-bytes', values['wal-warn-bytes'], 0);
    if (walWarnBytes < 1) throw new UsageError(`unplug engine: --wal-warn-bytes must be at least 1, got '${values['wal-warn-bytes']}'`);
    options.walWarnBytes = walWarnBytes;
    options.onWalWarning = (line) => process.stderr.write(`unplug engine: ${line}\n`);
  }
}

/** Reads `UNPLUG_SHIM`: undefined when unset; a usage error naming the problem when malformed. */
function readShimConfig(text: string | undefined): ShimConfig | undefined {
  if (text === undefined || text === '') return undefined;
  const problem = (what: string): UsageError => new UsageError(`unplug engine: ${SHIM_CONFIG_ENVIRONMENT_VARIABLE} ${what}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw problem(`is not valid JSON: ${describe(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw problem('must be a JSON object');
  const config = parsed as Readonly<Record<string, unknown>>;
  if (typeof config['root'] !== 'string' || config['root'] === '') throw problem('needs "root", the data directory, as a string');
  if (typeof config['seed'] !== 'number' || !Number.isSafeInteger(config['seed'])) throw problem(`needs an integer "seed", got ${JSON.stringify(config['seed'])}`);
  if (config['tracePath'] !== undefined && typeof config['tracePath'] !== 'string') throw problem('"tracePath" must be a string');
  const crashAfter = config['crashAfterOperation'];
  if (crashAfter !== undefined && (typeof crashAfter !== 'number' || !Number.isSafeInteger(crashAfter) || crashAfter < 0)) {
    throw problem(`"crashAfterOperation" must be a non-negative integer, got ${JSON.stringify(crashAfter)}`);
  }
  if (config['faults'] !== undefined && !Array.isArray(config['faults'])) throw problem('"faults" must be an array');
  return config as unknown as ShimConfig;
}

/** Builds the shim's decorator stack, loaded only for traced runs; a config it rejects is a usage error. */
async function composeShim(base: NodeFileSystem, config: ShimConfig): Promise<ShimStack> {
  const [{ composeShimFileSystem }, { ShimConfigError }] = await Promise.all([
    import('../../shim/compose-shim-file-system.js'),
    import('../../shim/shim-config-error.js'),
  ]);
  try {
    return composeShimFileSystem(base, config);
  } catch (error) {
    if (error instanceof ShimConfigError) throw new UsageError(`unplug engine: ${SHIM_CONFIG_ENVIRONMENT_VARIABLE}: ${error.message}`);
    throw error;
  }
}

/** The `fatal` line for an error that stopped the engine from opening; undefined for our own bugs. */
function fatalResponse(error: unknown): FatalResponse | undefined {
  if (error instanceof EngineError) {
    return {
      type: 'fatal',
      code: error.code,
      message: error.message,
      ...(error.details.segment === undefined ? {} : { segment: error.details.segment }),
      ...(error.details.offsetBytes === undefined ? {} : { offsetBytes: error.details.offsetBytes }),
    };
  }
  if (error instanceof FileSystemError) return { type: 'fatal', code: error.code, message: error.message };
  return undefined;
}

function writeOrGiveUp(write: () => void): void {
  try {
    write();
  } catch (error) {
    throw new InfrastructureError(`cannot write to stdout, the client is gone: ${describe(error)}`, { cause: error });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
