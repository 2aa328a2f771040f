/**
 * The string form of a persistence mask: one line, shell-safe, for replay
 * commands (`unplug replay --mask <string>`) and reports.
 *
 *   all                                 process-crash: everything survived
 *   none                                power-loss: nothing unsynced survived
 *   prefix:<dirs>:<n>,<n>,...           power-loss-prefix: first <dirs> directory operations,
 *                                       first <n> units of each dirty file
 *   blocks:<fates>:<fates>,<fates>,...  power-loss-blocks: directory operations, then each dirty file
 *   sectors:<seed>:<fates>,<fates>,...  torn-sectors: garbage seed, then each dirty file
 *   bitrot:<path>@<bit>  |  bitrot:-    bitrot: the flipped bit (path URI-encoded), or none
 *
 *   <fates> = run-length letters, '-' when empty:  k kept, d dropped, g garbage,
 *             each letter followed by its repeat count when above 1
 *             e.g.  k3dg2  =  kept kept kept dropped garbage garbage
 *   an empty file list (no dirty file) is the empty string, so that one dirty
 *   file without units ('-') and no dirty file at all ('') stay distinct
 *
 * Example: blocks:kd:k2d,-  keeps the first of two directory operations, the
 * first two of three units of dirty file 0; dirty file 1 has no units.
 */
import { assertNever } from '../../engine/invariants.js';
import { CrashStateError } from './crash-state-error.js';
import type { PersistenceMask, UnitFate } from './persistence-mask.js';

/** Separates the fields of a mask string. */
export const MASK_FIELD_SEPARATOR = ':';
/** Separates the dirty files of a mask string. */
export const MASK_FILE_SEPARATOR = ',';
/** Stands for an empty unit list (and for "no bit flipped"). */
export const MASK_EMPTY_LIST = '-';
/** The letter of each unit fate. */
export const FATE_LETTERS = Object.freeze({ kept: 'k', dropped: 'd', garbage: 'g' } as const);
/** The longest mask string `parsePersistenceMask` accepts. */
export const MASK_STRING_LIMIT_CHARACTERS = 1_000_000;
/** The most units one mask string may decide (run lengths make a short string able to claim many). */
export const MASK_UNIT_LIMIT = 1 << 24;

/** Prints a mask in its string form. */
export function formatPersistenceMask(mask: PersistenceMask): string {
  switch (mask.kind) {
    case 'all':
    case 'none':
      return mask.kind;
    case 'prefix':
      return ['prefix', String(mask.directoryOperationsKept), formatList(mask.unitsKeptPerFile.map(String))].join(MASK_FIELD_SEPARATOR);
    case 'blocks': {
      const toFates = (units: readonly boolean[]): UnitFate[] => units.map((kept) => (kept ? 'kept' : 'dropped'));
      return ['blocks', formatFates(toFates(mask.directoryOperations)), formatList(mask.unitsPerFile.map((units) => formatFates(toFates(units))))].join(MASK_FIELD_SEPARATOR);
    }
    case 'sectors':
      return ['sectors', String(mask.garbageSeed), formatList(mask.unitsPerFile.map(formatFates))].join(MASK_FIELD_SEPARATOR);
    case 'bitrot':
      return mask.flip === undefined ? `bitrot${MASK_FIELD_SEPARATOR}${MASK_EMPTY_LIST}` : `bitrot${MASK_FIELD_SEPARATOR}${encodeURIComponent(mask.flip.path)}@${mask.flip.bitOffset}`;
    default:
      return assertNever(mask, 'persistence mask');
  }
}

/** Parses a mask's string form; throws a MASK_SYNTAX CrashStateError naming what is wrong. */
export function parsePersistenceMask(text: string): PersistenceMask {
  if (text.length > MASK_STRING_LIMIT_CHARACTERS) syntaxError(text, `longer than ${MASK_STRING_LIMIT_CHARACTERS} characters`);
  const fields = text.split(MASK_FIELD_SEPARATOR);
  const [kind] = fields;
  const expectFields = (count: number): void => {
    if (fields.length !== count) syntaxError(text, `a ${kind} mask has ${count} ':'-separated fields, found ${fields.length}`);
  };
  const budget = { remainingUnits: MASK_UNIT_LIMIT };
  switch (kind) {
    case 'all':
    case 'none':
      expectFields(1);
      return { kind };
    case 'prefix':
      expectFields(3);
      return {
        kind,
        directoryOperationsKept: parseCount(text, fields[1] ?? ''),
        unitsKeptPerFile: parseList(fields[2] ?? '').map((item) => parseCount(text, item)),
      };
    case 'blocks': {
      expectFields(3);
      const toKept = (fates: readonly UnitFate[]): boolean[] =>
        fates.map((fate) => (fate === 'garbage' ? syntaxError(text, 'blocks are kept or dropped, not garbage') : fate === 'kept'));
      return {
        kind,
        directoryOperations: toKept(parseFates(text, fields[1] ?? '', budget)),
        unitsPerFile: parseList(fields[2] ?? '').map((item) => toKept(parseFates(text, item, budget))),
      };
    }
    case 'sectors': {
      expectFields(3);
      const garbageSeed = parseCount(text, fields[1] ?? '');
      if (garbageSeed > 0xffff_ffff) syntaxError(text, 'the garbage seed is a 32-bit unsigned integer');
      return { kind, garbageSeed, unitsPerFile: parseList(fields[2] ?? '').map((item) => parseFates(text, item, budget)) };
    }
    case 'bitrot': {
      expectFields(2);
      const flip = fields[1] ?? '';
      if (flip === MASK_EMPTY_LIST) return { kind, flip: undefined };
      const at = flip.lastIndexOf('@');
      if (at <= 0) syntaxError(text, "a bit flip is written '<path>@<bit offset>'");
      let path: string;
      try {
        path = decodeURIComponent(flip.slice(0, at));
      } catch {
        return syntaxError(text, 'the path is not URI-encoded');
      }
      return { kind, flip: { path, bitOffset: parseCount(text, flip.slice(at + 1)) } };
    }
    default:
      return syntaxError(text, `unknown mask kind ${JSON.stringify(kind)} (all, none, prefix, blocks, sectors, bitrot)`);
  }
}

function formatList(items: readonly string[]): string {
  return items.join(MASK_FILE_SEPARATOR);
}

function parseList(field: string): string[] {
  return field === '' ? [] : field.split(MASK_FILE_SEPARATOR);
}

function formatFates(fates: readonly UnitFate[]): string {
  if (fates.length === 0) return MASK_EMPTY_LIST;
  let text = '';
  for (let start = 0; start < fates.length; ) {
    let end = start + 1;
    while (end < fates.length && fates[end] === fates[start]) end += 1;
    const fate = fates[start] as UnitFate;
    text += FATE_LETTERS[fate] + (end - start > 1 ? String(end - start) : '');
    start = end;
  }
  return text;
}

const FATE_OF_LETTER: Readonly<Record<string, UnitFate>> = Object.freeze({ k: 'kept', d: 'dropped', g: 'garbage' });
const FATE_RUN = /([kdg])(\d*)/gy;

function parseFates(text: string, field: string, budget: { remainingUnits: number }): UnitFate[] {
  if (field === MASK_EMPTY_LIST) return [];
  if (field.length === 0) syntaxError(text, "an empty unit list is written '-'");
  const fates: UnitFate[] = [];
  FATE_RUN.lastIndex = 0;
  while (FATE_RUN.lastIndex < field.length) {
    const start = FATE_RUN.lastIndex;
    const match = FATE_RUN.exec(field);
    if (match === null) return syntaxError(text, `unexpected ${JSON.stringify(field.slice(start, start + 8))} in unit list ${JSON.stringify(field)}`);
    const count = match[2] === '' ? 1 : Number(match[2]);
    if (count < 1 || (match[2] ?? '').startsWith('0')) syntaxError(text, `run length ${match[2]} in ${JSON.stringify(field)}`);
    budget.remainingUnits -= count;
    if (budget.remainingUnits < 0) syntaxError(text, `more than ${MASK_UNIT_LIMIT} units`);
    const fate = FATE_OF_LETTER[match[1] ?? ''] as UnitFate;
    for (let index = 0; index < count; index += 1) fates.push(fate);
  }
  return fates;
}

function parseCount(text: string, field: string): number {
  if (!/^(0|[1-9]\d{0,14})$/.test(field)) syntaxError(text, `${JSON.stringify(field)} is not a non-negative integer`);
  return Number(field);
}

function syntaxError(text: string, what: string): never {
  throw new CrashStateError('MASK_SYNTAX', `persistence mask ${JSON.stringify(text.slice(0, 80))}: ${what}`);
}
