/**
 * Command-line parsing shared by every command: `node:util.parseArgs` in strict
 * mode, with errors turned into `UsageError`s that name the bad flag or value.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './exit-codes.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** What `parseCommandArguments` returns: the parsed flags and positionals. */
export interface ParsedArguments<T extends Options> {
  readonly values: ReturnType<typeof parseArgs<{ options: T; strict: true; allowPositionals: boolean }>>['values'];
  readonly positionals: readonly string[];
}

/** Parses `argv` against `options`; unknown flags and missing values become `UsageError`s. */
export function parseCommandArguments<T extends Options>(
  command: string,
  argv: readonly string[],
  options: T,
  allowPositionals = false,
): ParsedArguments<T> {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`unplug ${command}: ${message} (see 'unplug ${command} --help')`);
  }
}

/** Parses a non-negative integer flag value, naming the flag when it is not one. */
export function parseIntegerOption(flag: string, value: string | undefined, fallback: number, minimum = 0): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < minimum) {
    throw new UsageError(`--${flag} must be an integer >= ${minimum}, got '${value}'`);
  }
  return parsed;
}

/** Parses a size such as `4096`, `64k`, `16m`, `1g` (binary units) into bytes. */
export function parseSizeOption(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const match = /^(\d+)\s*([kmg]i?b?)?$/i.exec(value.trim());
  if (!match) throw new UsageError(`--${flag} must be a size like 4096, 64k or 16m, got '${value}'`);
  const unit = (match[2] ?? '').toLowerCase()[0];
  const multiplier = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Number(match[1]) * multiplier;
}

/** Parses a duration such as `500ms`, `30s`, `2m` into milliseconds. */
export function parseDurationOption(flag: string, value: string | undefined, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/.exec(value.trim());
  if (!match) throw new UsageError(`--${flag} must be a duration like 500ms, 30s or 2m, got '${value}'`);
  const amount = Number(match[1]);
  const unit = match[2] ?? 's';
  return Math.round(unit === 'ms' ? amount : unit === 's' ? amount * 1000 : amount * 60_000);
}
