/**
 * Command-line parsing shared by every command: `node:util.parseArgs` in strict
 * mode, with errors turned into `UsageError`s that name the bad flag or value.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './exit-codes.js';
import { isValidSegmentSize } from '../../engine/wal/segment-geometry.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** What `parseCommandArguments` returns: the parsed flags and positionals. */
export interface ParsedArguments<T extends Options> {
  readonly values: ReturnType<typeof parseArgs<{ options: T; strict: true; allowPositionals: boolean }>>['values'];
  readonly positionals: readonly string[];
}

/**
 * Joins `--flag -1` into `--flag=-1` for string flags, so that a negative
 * number reaches the flag's own check (which names the value) instead of
 * `parseArgs`'s "ambiguous argument" error.
 */
function joinNegativeValues(argv: readonly string[], options: Options): string[] {
  const joined: string[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const token = argv[index] ?? '';
    const next = argv[index + 1];
    const name = token.startsWith('--') && !token.includes('=') ? token.slice(2) : undefined;
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && /^-[\d.]/.test(next)) {
      joined.push(`${token}=${next}`);
      index += 1;
    } else joined.push(token);
  }
  return joined;
}

/** Parses `argv` against `options`; unknown flags and missing values become `UsageError`s. */
export function parseCommandArguments<T extends Options>(
  command: string,
  argv: readonly string[],
  options: T,
  allowPositionals = false,
): ParsedArguments<T> {
  try {
    return parseArgs({ args: joinNegativeValues(argv, options), options, strict: true, allowPositionals });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`unplug ${command}: ${message} (see 'unplug ${command} --help')`);
  }
}

/** The largest seed: seeds are 32-bit (fast-check's generators take 32 bits), so a larger one would silently wrap. */
export const SEED_MAXIMUM = 2 ** 32 - 1;

/**
 * Parses an integer flag value in `[minimum, maximum]`, naming the flag, the
 * range and the value when it is not one. Every integer flag goes through here.
 */
export function parseIntegerOption(flag: string, value: string | undefined, fallback: number, minimum = 0, maximum = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < minimum || parsed > maximum) {
    const range = maximum === Number.MAX_SAFE_INTEGER ? `>= ${minimum}` : `from ${minimum} to ${maximum}`;
    throw new UsageError(`--${flag} must be an integer ${range}, got '${value}'`);
  }
  return parsed;
}

/** Parses `--seed`: an integer from 0 to 2^32 - 1, refused (not wrapped) above. */
export function parseSeedOption(value: string | undefined, fallback: number): number {
  return parseIntegerOption('seed', value, fallback, 0, SEED_MAXIMUM);
}

/** Parses a size such as `4096`, `64k`, `16m`, `1g` (binary units) into bytes. */
export function parseSizeOption(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const match = /^(\d+)\s*([kmg]i?b?)?$/i.exec(value.trim());
  if (!match) throw new UsageError(`--${flag} must be a size like 4096, 64k or 16m, got '${value}'`);
  const unit = (match[2] ?? '').toLowerCase()[0];
  const multiplier = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  const sizeBytes = Number(match[1]) * multiplier;
  if (!Number.isSafeInteger(sizeBytes)) throw new UsageError(`--${flag} is too large, got '${value}'`);
  return sizeBytes;
}

/** Parses `--segment-size`: a power of two from 4k to 1g, as the engine takes it; undefined when absent. */
export function parseSegmentSizeOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const sizeBytes = parseSizeOption('segment-size', value, 0);
  if (!isValidSegmentSize(sizeBytes)) throw new UsageError(`--segment-size must be a power of two from 4k to 1g, got '${value}'`);
  return sizeBytes;
}

/** Parses a duration such as `500ms`, `30s`, `2m` into milliseconds. */
export function parseDurationOption(flag: string, value: string | undefined, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/.exec(value.trim());
  if (!match) throw new UsageError(`--${flag} must be a duration like 500ms, 30s or 2m, got '${value}'`);
  const amount = Number(match[1]);
  const unit = match[2] ?? 's';
  const durationMs = Math.round(unit === 'ms' ? amount : unit === 's' ? amount * 1000 : amount * 60_000);
  if (!Number.isSafeInteger(durationMs)) throw new UsageError(`--${flag} is too long, got '${value}'`);
  return durationMs;
}
