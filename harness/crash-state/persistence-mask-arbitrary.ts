/**
 * Persistence masks for property tests and for shrinking a failure: a
 * fast-check arbitrary whose shrinks keep fewer units (counts towards zero,
 * booleans towards dropped, fates towards dropped), and a plain shrinker for a
 * runner that found a failing mask by seed and wants a smaller one.
 */
import fc from 'fast-check';
import { assertNever } from '../../engine/invariants.js';
import type { MaskShape, PersistenceMask, UnitFate } from './persistence-mask.js';

/** Every mask that fits `shape`, shrinking towards fewer surviving units. */
export function persistenceMaskArbitrary(shape: MaskShape): fc.Arbitrary<PersistenceMask> {
  switch (shape.kind) {
    case 'all':
    case 'none':
      return fc.constant({ kind: shape.kind });
    case 'prefix':
      return fc
        .tuple(fc.integer({ min: 0, max: shape.directoryOperationCount }), fc.tuple(...shape.unitCountPerFile.map((count) => fc.integer({ min: 0, max: count }))))
        .map(([directoryOperationsKept, unitsKeptPerFile]): PersistenceMask => ({ kind: 'prefix', directoryOperationsKept, unitsKeptPerFile }));
    case 'blocks': {
      const units = (count: number): fc.Arbitrary<boolean[]> => fc.array(fc.boolean(), { minLength: count, maxLength: count });
      return fc
        .tuple(units(shape.directoryOperationCount), fc.tuple(...shape.unitCountPerFile.map(units)))
        .map(([directoryOperations, unitsPerFile]): PersistenceMask => ({ kind: 'blocks', directoryOperations, unitsPerFile }));
    }
    case 'sectors': {
      // constantFrom shrinks towards its first value: dropped.
      const fates = (count: number): fc.Arbitrary<UnitFate[]> =>
        fc.array(fc.constantFrom<UnitFate>('dropped', 'kept', 'garbage'), { minLength: count, maxLength: count });
      return fc
        .tuple(fc.integer({ min: 0, max: 0xffff_ffff }), fc.tuple(...shape.unitCountPerFile.map(fates)))
        .map(([garbageSeed, unitsPerFile]): PersistenceMask => ({ kind: 'sectors', garbageSeed, unitsPerFile }));
    }
    case 'bitrot': {
      const files = shape.files.filter((file) => file.sizeBytes > 0);
      if (files.length === 0) return fc.constant({ kind: 'bitrot', flip: undefined });
      return fc
        .constantFrom(...files)
        .chain((file) => fc.integer({ min: 0, max: file.sizeBytes * 8 - 1 }).map((bitOffset): PersistenceMask => ({ kind: 'bitrot', flip: { path: file.path, bitOffset } })));
    }
    default:
      return assertNever(shape, 'mask shape');
  }
}

/**
 * Smaller masks to try, most aggressive first: everything dropped, then half of
 * the surviving units dropped, then one unit at a time. Each candidate lets
 * strictly fewer units through than `mask`; none are yielded when nothing survives.
 */
export function* shrinkPersistenceMask(mask: PersistenceMask): Generator<PersistenceMask> {
  switch (mask.kind) {
    case 'all':
    case 'none':
    case 'bitrot':
      return;
    case 'prefix': {
      const counts = [mask.directoryOperationsKept, ...mask.unitsKeptPerFile];
      const rebuild = (next: readonly number[]): PersistenceMask => ({ kind: 'prefix', directoryOperationsKept: next[0] ?? 0, unitsKeptPerFile: next.slice(1) });
      if (counts.every((count) => count === 0)) return;
      yield rebuild(counts.map(() => 0));
      for (let index = 0; index < counts.length; index += 1) {
        const count = counts[index] ?? 0;
        if (count === 0) continue;
        for (const smaller of new Set([0, Math.floor(count / 2), count - 1])) yield rebuild(counts.map((value, at) => (at === index ? smaller : value)));
      }
      return;
    }
    case 'blocks': {
      const lists = [mask.directoryOperations, ...mask.unitsPerFile].map((units) => units.map((kept): UnitFate => (kept ? 'kept' : 'dropped')));
      for (const next of shrinkFateLists(lists)) {
        const asKept = next.map((units) => units.map((fate) => fate === 'kept'));
        yield { kind: 'blocks', directoryOperations: asKept[0] ?? [], unitsPerFile: asKept.slice(1) };
      }
      return;
    }
    case 'sectors':
      for (const next of shrinkFateLists(mask.unitsPerFile)) yield { kind: 'sectors', garbageSeed: mask.garbageSeed, unitsPerFile: next };
      return;
    default:
      assertNever(mask, 'persistence mask');
  }
}

function* shrinkFateLists(lists: readonly (readonly UnitFate[])[]): Generator<UnitFate[][]> {
  const survivors: [number, number][] = [];
  lists.forEach((units, list) => units.forEach((fate, unit) => fate !== 'dropped' && survivors.push([list, unit])));
  if (survivors.length === 0) return;
  const dropping = (chosen: readonly [number, number][]): UnitFate[][] => {
    const next = lists.map((units) => [...units]);
    for (const [list, unit] of chosen) (next[list] as UnitFate[])[unit] = 'dropped';
    return next;
  };
  yield dropping(survivors);
  if (survivors.length > 1) {
    const half = Math.ceil(survivors.length / 2);
    yield dropping(survivors.slice(0, half));
    yield dropping(survivors.slice(half));
  }
  if (survivors.length > 2) for (const survivor of survivors) yield dropping([survivor]);
}
