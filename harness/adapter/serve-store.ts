/**
 * The adapter kit's entry point: turns any Node store into a protocol-v1
 * engine (docs/protocol.md) in a few lines.
 *
 *   import { serveProtocol } from 'unplug/adapter';
 *   await serveProtocol({ open(dir) {...}, commit(tx, writes) {...}, get(key) {...}, dump() {...}, close() {...} });
 *
 *   argv --dir <path> -> store.open(path) -> {"type":"ready",...}   (or {"type":"fatal",...}, exit 1)
 *   stdin request lines -> serial session (the reference host's framing, parser, limits, encoder) -> store calls
 *   store answers -> stdout response lines                           close / end of input -> exit 0
 *
 * Requests are answered one at a time, in order (`serial-session.ts`), so
 * every store method may be asynchronous and none is called re-entrantly;
 * malformed and over-long lines are answered with the reference host's own
 * messages.
 */
import { performance } from 'node:perf_hooks';
import { encodeResponse } from '../../engine/host/encode-response.js';
import type { FatalResponse } from '../../engine/host/protocol.js';
import type { AdapterOpenResult, AdapterStore } from './adapter-store.js';
import { encodeReadyWithReopen } from './reopen-wire.js';
import { serveSerially, type ReopenOutcome } from './serial-session.js';
import { storeEngine } from './store-engine.js';

/** Exit codes of an adapter process: as the reference host's. */
export const ADAPTER_EXIT_CODES = Object.freeze({ ok: 0, failed: 1, usage: 2 });

/** Options of `serveProtocol`; the defaults serve the process's own argv, stdin and stdout. */
export interface ServeStoreOptions {
  /** Arguments holding `--dir <path>`. @defaultValue `process.argv.slice(2)` */
  readonly argv?: readonly string[];
  /** Request lines. @defaultValue `process.stdin` */
  readonly input?: NodeJS.ReadableStream;
  /** Writes one response line (without its newline), completely, before returning. @defaultValue a `process.stdout` writer */
  readonly writeLine?: (line: string) => void;
  /** Exits the process with the session's exit code when it ends. @defaultValue true when serving process.stdin */
  readonly exit?: boolean;
  /** The usage line printed (as a `fatal` line) when `--dir` is missing. */
  readonly usage?: string;
  /**
   * Offer the protocol's `reopen` capability: the harness then recovers crash
   * states by calling `close()` and `open(dir)` again in the same process, a
   * few milliseconds instead of a new process each. Only for a store whose
   * `open` starts from nothing (no module-level state survives `close`); the
   * harness cross-checks a sample of states in fresh processes and stops when
   * they differ. @defaultValue false
   */
  readonly reopen?: boolean;
}

/** Serves `store` over protocol v1 until `close` or the end of input; resolves to the exit code. */
export async function serveProtocol(store: AdapterStore, options: ServeStoreOptions = {}): Promise<number> {
  const input = options.input ?? process.stdin;
  const exit = options.exit ?? input === process.stdin;
  const exitCode = await serveSession(store, input, options);
  if (input === process.stdin) process.stdin.destroy();
  if (exit) process.exit(exitCode);
  return exitCode;
}

async function serveSession(store: AdapterStore, input: NodeJS.ReadableStream, options: ServeStoreOptions): Promise<number> {
  // A pipe's stdout is written synchronously on Linux, so a line is in the pipe when this returns.
  const writeLine = options.writeLine ?? ((line: string): void => void process.stdout.write(`${line}\n`));
  const directory = readDirectoryArgument(options.argv ?? process.argv.slice(2));
  if (directory === undefined) {
    writeLine(encodeResponse({ type: 'fatal', code: 'USAGE', message: options.usage ?? 'usage: <adapter> --dir <path>' }));
    return ADAPTER_EXIT_CODES.usage;
  }
  const first = await openStore(store, directory);
  if (first.kind === 'fatal') {
    writeLine(encodeResponse(first.response));
    return ADAPTER_EXIT_CODES.failed;
  }
  const { engine } = first;
  const ready = { type: 'ready', lsn: engine.lsn(), recovery: engine.recovery } as const;
  writeLine(options.reopen === true ? encodeReadyWithReopen(ready) : encodeResponse(ready));
  const outcome = await serveSerially(engine, input, writeLine, options.reopen === true ? { reopen: (next) => openStore(store, next) } : {});
  if (outcome.closeFailure !== undefined) {
    process.stderr.write(`adapter: closing the store failed: ${outcome.closeFailure.code}: ${outcome.closeFailure.message}\n`);
    return ADAPTER_EXIT_CODES.failed;
  }
  return ADAPTER_EXIT_CODES.ok;
}

/** Opens (and recovers) the store in `directory`: the engine to serve, or the `fatal` line a refusal prints. */
async function openStore(store: AdapterStore, directory: string): Promise<ReopenOutcome> {
  const startedMs = performance.now();
  let opened: AdapterOpenResult | void;
  try {
    opened = await store.open(directory);
  } catch (error) {
    return { kind: 'fatal', response: fatalResponse(error) };
  }
  return { kind: 'ready', engine: storeEngine(store, opened?.recovery ?? {}, Math.round(performance.now() - startedMs)) };
}

/** The value of `--dir <path>` or `--dir=<path>`; undefined when absent or empty. */
export function readDirectoryArgument(argv: readonly string[]): string | undefined {
  for (const [index, argument] of argv.entries()) {
    const value = argument === '--dir' ? argv[index + 1] : argument.startsWith('--dir=') ? argument.slice('--dir='.length) : undefined;
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

/** The `fatal` line for a store that would not open: its own code (CORRUPT, EIO...) or INTERNAL. */
function fatalResponse(error: unknown): FatalResponse {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return { type: 'fatal', code: typeof code === 'string' && code !== '' ? code : 'INTERNAL', message };
}
