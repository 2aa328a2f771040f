/**
 * Draws the persistence mask of a crash state from the run's seed, so every
 * choice a model makes is replayable: the same seed, trace, boundary and model
 * always give the same mask, hence the same state.
 */
import { assertNever } from '../../engine/invariants.js';
import type { Random } from '../random/random.js';
import type { MaskShape, PersistenceMask, UnitFate } from './persistence-mask.js';

const SECTOR_FATES: readonly UnitFate[] = Object.freeze(['kept', 'dropped', 'garbage']);

/** A mask of the shape's kind, every choice drawn from `random`. */
export function drawPersistenceMask(shape: MaskShape, random: Random): PersistenceMask {
  switch (shape.kind) {
    case 'all':
    case 'none':
      return { kind: shape.kind };
    case 'prefix':
      // RocksDB's DropRandomUnsyncedData: each file keeps a uniform random prefix.
      return {
        kind: 'prefix',
        directoryOperationsKept: random.nextInt(shape.directoryOperationCount + 1),
        unitsKeptPerFile: shape.unitCountPerFile.map((count) => random.nextInt(count + 1)),
      };
    case 'blocks': {
      // Pebble's CrashClone keeps each unit with a fixed probability; drawing the
      // probability itself per state spreads states from "almost all lost" to "almost all kept".
      const keepProbability = random.nextFloat();
      const draw = (count: number): boolean[] => Array.from({ length: count }, () => random.nextFloat() < keepProbability);
      return { kind: 'blocks', directoryOperations: draw(shape.directoryOperationCount), unitsPerFile: shape.unitCountPerFile.map(draw) };
    }
    case 'sectors':
      // SQLite's crash VFS: each pending piece is written, dropped or trashed, equally likely.
      return {
        kind: 'sectors',
        garbageSeed: random.nextUint32(),
        unitsPerFile: shape.unitCountPerFile.map((count) => Array.from({ length: count }, () => SECTOR_FATES[random.nextInt(3)] as UnitFate)),
      };
    case 'bitrot': {
      // One bit, uniform over every synced byte of the state.
      const totalBits = shape.files.reduce((sum, file) => sum + file.sizeBytes * 8, 0);
      if (totalBits === 0) return { kind: 'bitrot', flip: undefined };
      let bit = Math.floor(random.nextFloat() * totalBits);
      for (const file of shape.files) {
        if (bit < file.sizeBytes * 8) return { kind: 'bitrot', flip: { path: file.path, bitOffset: bit } };
        bit -= file.sizeBytes * 8;
      }
      return { kind: 'bitrot', flip: undefined };
    }
    default:
      return assertNever(shape, 'mask shape');
  }
}
