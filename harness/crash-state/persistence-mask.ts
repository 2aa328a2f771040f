/**
 * The persistence mask: which of the unsynced work at a crash point got through
 * to the disk, as an explicit value. Together with the trace and the operation
 * boundary it determines the crash state exactly, so it can be printed
 * (`persistence-mask-format.ts`), replayed (`unplug replay --mask ...`) and
 * shrunk to fewer surviving units (`persistence-mask-arbitrary.ts`).
 *
 * Files are listed in the order of their oldest unsynced operation at the
 * boundary ("dirty files"); directory operations in trace order. What a unit is
 * per model is documented in `file-unsynced-units.ts`.
 */
import type { CrashModel } from './crash-models.js';
import { assertNever } from '../../engine/invariants.js';
import { CrashStateError } from './crash-state-error.js';

/** The fate of one unit of unsynced work. */
export type UnitFate = 'kept' | 'dropped' | 'garbage';

/** A bit flipped in a synced file, as `bitrot` does. */
export interface BitFlip {
  /** The file's path in the crash state. */
  readonly path: string;
  /** Bit 0 is the least significant bit of byte 0. */
  readonly bitOffset: number;
}

/** Which unsynced work survived; one kind per crash model. */
export type PersistenceMask =
  /** process-crash: everything survived (the page cache did). */
  | { readonly kind: 'all' }
  /** power-loss: nothing unsynced survived. */
  | { readonly kind: 'none' }
  /** power-loss-prefix: the first N unsynced directory operations, and the first N units of each dirty file. */
  | { readonly kind: 'prefix'; readonly directoryOperationsKept: number; readonly unitsKeptPerFile: readonly number[] }
  /** power-loss-blocks: each unsynced directory operation and each dirty block, kept (true) or dropped. */
  | { readonly kind: 'blocks'; readonly directoryOperations: readonly boolean[]; readonly unitsPerFile: readonly (readonly boolean[])[] }
  /** torn-sectors: each sector piece written, dropped or trashed; garbage bytes drawn from `garbageSeed`. */
  | { readonly kind: 'sectors'; readonly garbageSeed: number; readonly unitsPerFile: readonly (readonly UnitFate[])[] }
  /** bitrot: the power-loss state with one flipped bit (none when no synced byte exists). */
  | { readonly kind: 'bitrot'; readonly flip: BitFlip | undefined };

/** The `kind` of a persistence mask. */
export type PersistenceMaskKind = PersistenceMask['kind'];

/** What a mask for one model must fit at one boundary: how many units there are to decide. */
export type MaskShape =
  | { readonly kind: 'all' }
  | { readonly kind: 'none' }
  | { readonly kind: 'prefix'; readonly directoryOperationCount: number; readonly unitCountPerFile: readonly number[] }
  | { readonly kind: 'blocks'; readonly directoryOperationCount: number; readonly unitCountPerFile: readonly number[] }
  | { readonly kind: 'sectors'; readonly unitCountPerFile: readonly number[] }
  /** The synced files a bit may flip in (those with at least one byte), sorted by path. */
  | { readonly kind: 'bitrot'; readonly files: readonly { readonly path: string; readonly sizeBytes: number }[] };

/** The mask kind each crash model uses. */
export function maskKindOfModel(model: CrashModel): PersistenceMaskKind {
  switch (model) {
    case 'process-crash':
      return 'all';
    case 'power-loss':
      return 'none';
    case 'power-loss-prefix':
      return 'prefix';
    case 'power-loss-blocks':
      return 'blocks';
    case 'torn-sectors':
      return 'sectors';
    case 'bitrot':
      return 'bitrot';
    default:
      return assertNever(model, 'crash model');
  }
}

/** Throws MASK_MISMATCH unless `mask` decides exactly the units of `shape`. */
export function checkMaskFitsShape(mask: PersistenceMask, shape: MaskShape): void {
  const mismatch = (what: string): never => {
    throw new CrashStateError('MASK_MISMATCH', `the ${mask.kind} mask does not fit this crash point: ${what}`);
  };
  if (mask.kind !== shape.kind) mismatch(`the model needs a ${shape.kind} mask`);
  const checkFileCount = (count: number, expected: number): void => {
    if (count !== expected) mismatch(`it lists ${count} dirty files, the crash point has ${expected}`);
  };
  switch (mask.kind) {
    case 'all':
    case 'none':
      return;
    case 'prefix': {
      if (shape.kind !== 'prefix') return;
      if (mask.directoryOperationsKept > shape.directoryOperationCount) mismatch(`keeps ${mask.directoryOperationsKept} of ${shape.directoryOperationCount} directory operations`);
      checkFileCount(mask.unitsKeptPerFile.length, shape.unitCountPerFile.length);
      mask.unitsKeptPerFile.forEach((kept, index) => {
        if (kept > (shape.unitCountPerFile[index] ?? 0)) mismatch(`file ${index} keeps ${kept} of ${shape.unitCountPerFile[index]} units`);
      });
      return;
    }
    case 'blocks':
    case 'sectors': {
      if (shape.kind !== 'blocks' && shape.kind !== 'sectors') return;
      if (mask.kind === 'blocks' && shape.kind === 'blocks' && mask.directoryOperations.length !== shape.directoryOperationCount) {
        mismatch(`decides ${mask.directoryOperations.length} directory operations, the crash point has ${shape.directoryOperationCount}`);
      }
      checkFileCount(mask.unitsPerFile.length, shape.unitCountPerFile.length);
      mask.unitsPerFile.forEach((units, index) => {
        if (units.length !== shape.unitCountPerFile[index]) mismatch(`file ${index} has ${units.length} units, the crash point has ${shape.unitCountPerFile[index]}`);
      });
      return;
    }
    case 'bitrot': {
      if (shape.kind !== 'bitrot' || mask.flip === undefined) return;
      const { path, bitOffset } = mask.flip;
      const file = shape.files.find((candidate) => candidate.path === path);
      if (file === undefined) mismatch(`no synced file ${JSON.stringify(path)}`);
      else if (bitOffset >= file.sizeBytes * 8) mismatch(`bit ${bitOffset} is beyond the ${file.sizeBytes} bytes of ${path}`);
      return;
    }
    default:
      assertNever(mask, 'persistence mask');
  }
}

/** How many units of unsynced work the mask lets through (garbage counts: it reached the disk). */
export function survivingUnitCount(mask: PersistenceMask): number {
  switch (mask.kind) {
    case 'all':
    case 'none':
    case 'bitrot':
      return 0;
    case 'prefix':
      return mask.directoryOperationsKept + mask.unitsKeptPerFile.reduce((sum, kept) => sum + kept, 0);
    case 'blocks':
      return [mask.directoryOperations, ...mask.unitsPerFile].reduce((sum, units) => sum + units.filter(Boolean).length, 0);
    case 'sectors':
      return mask.unitsPerFile.reduce((sum, units) => sum + units.filter((fate) => fate !== 'dropped').length, 0);
    default:
      return assertNever(mask, 'persistence mask');
  }
}
