/**
 * What one reported violation replays, as data, and the one format/parse pair
 * of its command line. Every violation a runner reports carries the line
 * `formatReplayCommand` prints; `unplug replay` reads it back with
 * `parseReplayTarget`, so the two cannot drift apart.
 *
 *   explore:  unplug replay --scenario S --seed N --path P --boundary B --model M [--mask X]
 *             [--recovery-boundary B2 --recovery-model M2 [--recovery-mask X2]] [flags]
 *   live:     unplug replay --scenario S --seed N --run R --cycle C [--kills C:N,...] [flags]
 *   archive:  unplug replay --scenario S --seed N --archive-run R [--boundary B --model M] [flags]
 *
 * `flags` repeat what the campaign overrode (`--engine`, `--fault`,
 * `--clients`). Every value is quoted for a POSIX shell, so a line can be
 * pasted as printed.
 */
import { assertNever } from '../../engine/invariants.js';
import { isCrashModel, type CrashModel } from '../crash-state/crash-models.js';
import { CrashStateError } from '../crash-state/crash-state-error.js';
import type { MetadataModel } from '../crash-state/metadata-models.js';
import { parsePersistenceMask } from '../crash-state/persistence-mask-format.js';

/** An explore crash state: the workload fast-check draws at `path`, cut at `boundary`, under `model`, with the surviving writes `mask`. */
export interface ExploreReplayTarget {
  readonly mode: 'explore';
  readonly scenario: string;
  readonly seed: number;
  readonly path: string;
  readonly boundary: number;
  readonly model: CrashModel;
  /** The printable persistence mask (`formatPersistenceMask`). */
  readonly mask?: string;
  /** A crash during the recovery run that started from that state: its boundary, model and mask. */
  readonly recovery?: { readonly boundary: number; readonly model: CrashModel; readonly mask?: string };
}

/** A live run, rerun from its seed up to the named crash cycle. */
export interface LiveReplayTarget {
  readonly mode: 'live';
  readonly scenario: string;
  readonly seed: number;
  readonly run: number;
  readonly cycle: number;
  /**
   * Cycles up to `cycle` killed at a pinned point instead of their drawn one,
   * with the operations their trace held at the kill: a wall-clock kill where
   * it came (so the chain is rebuilt as it happened), or a kill point the live
   * shrinker chose.
   */
  readonly kills?: readonly (readonly [cycle: number, operations: number])[];
}

/** An archive-mode run (harness/runner/archive/), rerun from its seed; with a boundary and model, only that crash point. */
export interface ArchiveReplayTarget {
  readonly mode: 'archive';
  readonly scenario: string;
  readonly seed: number;
  readonly run: number;
  readonly boundary?: number;
  readonly model?: CrashModel;
}
/** What a replay line names. */
export type ReplayTarget = ExploreReplayTarget | LiveReplayTarget | ArchiveReplayTarget;

/** Flags repeated after the target (overrides the campaign was given). */
export type ReplayFlags = readonly (readonly [string, string])[];

/** A replay line that cannot be read; `code` says which part, the message names the value. */
export class ReplayTargetError extends Error {
  override readonly name = 'ReplayTargetError';
  constructor(
    readonly code: 'MISSING_FLAG' | 'BAD_NUMBER' | 'BAD_MODEL' | 'BAD_MASK' | 'MIXED_MODES',
    message: string,
  ) {
    super(message);
  }
}

/** Quotes a value for a POSIX shell when it needs it. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/** `unplug <command> --flag value ...`, with flags in the given order and undefined values left out. */
export function formatCommandLine(command: string, flags: readonly (readonly [string, string | number | undefined])[]): string {
  const parts = ['unplug', command];
  for (const [flag, value] of flags) {
    if (value === undefined) continue;
    parts.push(`--${flag}`, shellQuote(String(value)));
  }
  return parts.join(' ');
}

/** The flags that name `target`, in the order the line prints them. */
export function replayTargetFlags(target: ReplayTarget): [string, string | number | undefined][] {
  const common: [string, string | number][] = [
    ['scenario', target.scenario],
    ['seed', target.seed],
  ];
  switch (target.mode) {
    case 'explore':
      return [
        ...common,
        ['path', target.path],
        ['boundary', target.boundary],
        ['model', target.model],
        ['mask', target.mask],
        ['recovery-boundary', target.recovery?.boundary],
        ['recovery-model', target.recovery?.model],
        ['recovery-mask', target.recovery?.mask],
      ];
    case 'live':
      return [...common, ['run', target.run], ['cycle', target.cycle], ['kills', target.kills === undefined || target.kills.length === 0 ? undefined : target.kills.map(([cycle, operations]) => `${cycle}:${operations}`).join(',')]];
    case 'archive':
      return [...common, ['archive-run', target.run], ['boundary', target.boundary], ['model', target.model]];
    default:
      return assertNever(target, 'replay target');
  }
}

/**
 * The flags of a line that replays one crash state built under `metadata`:
 * the campaign's `--metadata` (which may say `both`) is replaced by the
 * state's own model, and a state under strict POSIX needs none.
 */
export function flagsForMetadata(flags: ReplayFlags, metadata: MetadataModel | undefined): ReplayFlags {
  const others = flags.filter(([flag]) => flag !== 'metadata');
  const named = flags.some(([flag]) => flag === 'metadata');
  return named || (metadata !== undefined && metadata !== 'strict') ? [...others, ['metadata', metadata ?? 'strict']] : others;
}

/** The `unplug replay ...` line that reproduces `target`. */
export function formatReplayCommand(target: ReplayTarget, flags: ReplayFlags = []): string {
  return formatCommandLine('replay', [...replayTargetFlags(target), ...flags]);
}

/** The flag values of a replay line, as a parser hands them over. */
export interface ReplayTargetValues {
  readonly scenario?: string | undefined;
  readonly seed?: string | undefined;
  readonly path?: string | undefined;
  readonly boundary?: string | undefined;
  readonly model?: string | undefined;
  readonly mask?: string | undefined;
  readonly run?: string | undefined;
  readonly cycle?: string | undefined;
  readonly kills?: string | undefined;
  readonly 'archive-run'?: string | undefined;
  readonly 'recovery-boundary'?: string | undefined;
  readonly 'recovery-model'?: string | undefined;
  readonly 'recovery-mask'?: string | undefined;
}

/** Reads a replay target from its flags; a missing, mixed or malformed flag is a `ReplayTargetError` naming it. */
export function parseReplayTarget(values: ReplayTargetValues): ReplayTarget {
  const scenario = required(values, 'scenario');
  const seed = wholeNumber('seed', required(values, 'seed'));
  const archiveRun = values['archive-run'];
  if (archiveRun !== undefined) return parseArchiveTarget(values, scenario, seed, archiveRun);
  const exploreFlags = (['path', 'boundary', 'model', 'mask', 'recovery-boundary', 'recovery-model', 'recovery-mask'] as const).filter((flag) => values[flag] !== undefined);
  const liveFlags = (['run', 'cycle', 'kills'] as const).filter((flag) => values[flag] !== undefined);
  if (exploreFlags.length > 0 && liveFlags.length > 0) {
    throw new ReplayTargetError('MIXED_MODES', `--${exploreFlags[0]} names an explore crash state and --${liveFlags[0]} a live run: they cannot be combined; give the flags of the replay line as printed`);
  }
  if (liveFlags.length > 0) {
    if (values.run === undefined || values.cycle === undefined) throw new ReplayTargetError('MISSING_FLAG', '--run and --cycle are both needed to replay a live violation');
    const kills = values.kills === undefined ? undefined : parseKills(values.kills);
    return { mode: 'live', scenario, seed, run: wholeNumber('run', values.run), cycle: wholeNumber('cycle', values.cycle), ...(kills === undefined ? {} : { kills }) };
  }
  if (exploreFlags.length === 0) throw new ReplayTargetError('MISSING_FLAG', 'give --path, --boundary and --model (an explore violation) or --run and --cycle (a live one)');
  const recovery = values['recovery-boundary'] !== undefined || values['recovery-model'] !== undefined || values['recovery-mask'] !== undefined;
  return {
    mode: 'explore',
    scenario,
    seed,
    path: required(values, 'path'),
    boundary: wholeNumber('boundary', required(values, 'boundary')),
    model: crashModel('model', required(values, 'model')),
    ...(values.mask === undefined ? {} : { mask: checkedMask('mask', values.mask) }),
    ...(recovery
      ? {
          recovery: {
            boundary: wholeNumber('recovery-boundary', required(values, 'recovery-boundary')),
            model: crashModel('recovery-model', required(values, 'recovery-model')),
            ...(values['recovery-mask'] === undefined ? {} : { mask: checkedMask('recovery-mask', values['recovery-mask']) }),
          },
        }
      : {}),
  };
}

/** `cycle:operations,...` */
function parseKills(text: string): [number, number][] {
  return text.split(',').map((pair) => {
    const [cycle = '', operations = ''] = pair.split(':');
    if (pair.split(':').length !== 2) throw new ReplayTargetError('BAD_NUMBER', `--kills must be cycle:operations pairs separated by commas, got '${text}'`);
    return [wholeNumber('kills cycle', cycle), wholeNumber('kills operations', operations)];
  });

}
/** An archive target: `--archive-run`, optionally `--boundary` and `--model` (no explore or live flags). */
function parseArchiveTarget(values: ReplayTargetValues, scenario: string, seed: number, archiveRun: string): ArchiveReplayTarget {
  const other = (['path', 'mask', 'run', 'cycle'] as const).find((flag) => values[flag] !== undefined);
  if (other !== undefined) throw new ReplayTargetError('MIXED_MODES', `--archive-run names an archive run; --${other} does not belong with it`);
  const model = values.model;
  if (model !== undefined && !isCrashModel(model)) throw new ReplayTargetError('BAD_MODEL', `--model must be a crash model, got '${model}'`);
  return {
    mode: 'archive',
    scenario,
    seed,
    run: wholeNumber('archive-run', archiveRun),
    ...(values.boundary === undefined ? {} : { boundary: wholeNumber('boundary', values.boundary) }),
    ...(model === undefined ? {} : { model }),
  };
}

function crashModel(flag: string, name: string): CrashModel {
  if (!isCrashModel(name)) throw new ReplayTargetError('BAD_MODEL', `--${flag} must be a crash model, got '${name}'`);
  return name;
}

/** The mask text, once it parses (the replay parses it again where it builds the state). */
function checkedMask(flag: string, text: string): string {
  try {
    parsePersistenceMask(text);
  } catch (error) {
    throw new ReplayTargetError('BAD_MASK', `--${flag}: ${error instanceof CrashStateError ? error.detail : error instanceof Error ? error.message : String(error)}`);
  }
  return text;
}

function required(values: ReplayTargetValues, flag: keyof ReplayTargetValues): string {
  const value = values[flag];
  if (value === undefined) throw new ReplayTargetError('MISSING_FLAG', `--${flag} is required`);
  return value;
}

/** A non-negative safe integer written in decimal. */
function wholeNumber(flag: string, text: string): number {
  const value = /^\d{1,16}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value)) throw new ReplayTargetError('BAD_NUMBER', `--${flag} must be a whole number, got '${text}'`);
  return value;
}
