/**
 * What each power-loss model lets through of ONE file's unsynced operations.
 * The unsynced work is cut into units, and a persistence mask decides each
 * unit's fate:
 *
 * - prefix:  a unit is one byte of an unsynced write (a truncate is one unit);
 *            the mask keeps the first N units in operation order.
 * - blocks:  a unit is one 4 KiB block the unsynced writes touch (ascending
 *            block index), then each unsynced truncate in order.
 * - sectors: a unit is one 512-byte sector piece of each unsynced write, in
 *            operation order (a truncate is one unit; garbage on it counts as kept).
 *
 * Writes that were durable on their own (O_DSYNC after unsynced work) are not
 * units: they are always applied, in order.
 */
import { assert } from '../../engine/invariants.js';
import type { Random } from '../random/random.js';
import type { ByteImage } from './byte-image.js';
import { BLOCK_SIZE_BYTES, SECTOR_SIZE_BYTES } from './crash-models.js';
import { applyDataOperation, type FileNode, type PendingDataOperation } from './file-node.js';
import type { PagedBytes } from './paged-bytes.js';
import type { UnitFate } from './persistence-mask.js';

/** The bytes a power loss leaves of `node` when none of its unsynced units survive. */
export function powerLossBytes(node: FileNode): PagedBytes {
  if (!node.pending.some((operation) => operation.durable)) return node.synced.paged();
  const image = node.synced.clone();
  for (const operation of node.pending) if (operation.durable) applyDataOperation(image, operation);
  return image.paged();
}

/** The number of prefix units of `node`'s unsynced work. */
export function prefixUnitCount(node: FileNode): number {
  let units = 0;
  for (const operation of node.pending) if (!operation.durable) units += prefixUnitsOf(operation);
  return units;
}

/** The bytes left when the first `keptUnits` prefix units survive. */
export function prefixBytes(node: FileNode, keptUnits: number): PagedBytes {
  if (keptUnits === 0) return powerLossBytes(node);
  const image = node.synced.clone();
  let consumedUnits = 0;
  for (const operation of node.pending) {
    if (operation.durable) {
      applyDataOperation(image, operation);
      continue;
    }
    const remainingUnits = keptUnits - consumedUnits;
    consumedUnits += prefixUnitsOf(operation);
    if (remainingUnits <= 0) continue;
    if (operation.kind === 'write' && remainingUnits < operation.data.byteLength) {
      image.write(operation.data.subarray(0, remainingUnits), operation.offsetBytes);
    } else {
      applyDataOperation(image, operation);
    }
  }
  return image.paged();
}

/** The 4 KiB blocks (ascending) the unsynced writes touch, and the number of unsynced truncates. */
export function dirtyBlocks(node: FileNode): { readonly blockIndexes: readonly number[]; readonly truncateCount: number } {
  const blocks = new Set<number>();
  let truncateCount = 0;
  for (const operation of node.pending) {
    if (operation.durable) continue;
    if (operation.kind === 'truncate') {
      truncateCount += 1;
      continue;
    }
    forEachPiece(operation, BLOCK_SIZE_BYTES, (unitIndex) => blocks.add(unitIndex));
  }
  return { blockIndexes: [...blocks].sort((left, right) => left - right), truncateCount };
}

/** The bytes left when the blocks and truncates marked kept survive; dropped blocks past the durable end read as zeros. */
export function blocksBytes(node: FileNode, kept: readonly boolean[]): PagedBytes {
  const { blockIndexes, truncateCount } = dirtyBlocks(node);
  assert(kept.length === blockIndexes.length + truncateCount, 'block mask length checked by the caller');
  // Nothing kept: share the power-loss bytes instead of copying the file.
  if (!kept.includes(true)) return powerLossBytes(node);
  const keptBlocks = new Set(blockIndexes.filter((_, index) => kept[index] === true));
  const image = node.synced.clone();
  let truncateIndex = 0;
  for (const operation of node.pending) {
    if (operation.durable) applyDataOperation(image, operation);
    else if (operation.kind === 'truncate') {
      if (kept[blockIndexes.length + truncateIndex] === true) applyDataOperation(image, operation);
      truncateIndex += 1;
    } else {
      forEachPiece(operation, BLOCK_SIZE_BYTES, (blockIndex, startBytes, endBytes) => {
        if (keptBlocks.has(blockIndex)) image.write(operation.data.subarray(startBytes, endBytes), operation.offsetBytes + startBytes);
      });
    }
  }
  return image.paged();
}

/** The number of sector units of `node`'s unsynced work. */
export function sectorUnitCount(node: FileNode): number {
  let units = 0;
  for (const operation of node.pending) {
    if (operation.durable) continue;
    if (operation.kind === 'truncate') units += 1;
    else forEachPiece(operation, SECTOR_SIZE_BYTES, () => (units += 1));
  }
  return units;
}

/** The bytes left when each sector piece is written, dropped or overwritten with garbage drawn from `garbage`. */
export function sectorsBytes(node: FileNode, fates: readonly UnitFate[], garbage: Random): PagedBytes {
  if (fates.every((fate) => fate === 'dropped')) return powerLossBytes(node);
  const image = node.synced.clone();
  let unitIndex = 0;
  const fateOf = (): UnitFate => {
    const fate = fates[unitIndex];
    assert(fate !== undefined, 'sector mask length checked by the caller');
    unitIndex += 1;
    return fate;
  };
  for (const operation of node.pending) {
    if (operation.durable) applyDataOperation(image, operation);
    else if (operation.kind === 'truncate') {
      if (fateOf() !== 'dropped') applyDataOperation(image, operation);
    } else {
      forEachPiece(operation, SECTOR_SIZE_BYTES, (_sectorIndex, startBytes, endBytes) => {
        const fate = fateOf();
        if (fate === 'kept') image.write(operation.data.subarray(startBytes, endBytes), operation.offsetBytes + startBytes);
        // Garbage covers only this write's own bytes in the sector: trashing the
        // neighbouring synced bytes would break the promise that synced data survives.
        if (fate === 'garbage') image.write(garbageBytes(garbage, endBytes - startBytes), operation.offsetBytes + startBytes);
      });
    }
  }
  return image.paged();
}

function prefixUnitsOf(operation: PendingDataOperation): number {
  return operation.kind === 'write' ? operation.data.byteLength : 1;
}

/**
 * Calls `visit` for each piece of a write that falls in one aligned unit of
 * `unitSizeBytes`, with the unit index and the piece's range within the data.
 */
function forEachPiece(
  operation: Extract<PendingDataOperation, { kind: 'write' }>,
  unitSizeBytes: number,
  visit: (unitIndex: number, startBytes: number, endBytes: number) => void,
): void {
  const endOffsetBytes = operation.offsetBytes + operation.data.byteLength;
  let offsetBytes = operation.offsetBytes;
  while (offsetBytes < endOffsetBytes) {
    const unitIndex = Math.floor(offsetBytes / unitSizeBytes);
    const pieceEndBytes = Math.min(endOffsetBytes, (unitIndex + 1) * unitSizeBytes);
    visit(unitIndex, offsetBytes - operation.offsetBytes, pieceEndBytes - operation.offsetBytes);
    offsetBytes = pieceEndBytes;
  }
}

function garbageBytes(random: Random, lengthBytes: number): Uint8Array {
  const bytes = new Uint8Array(lengthBytes);
  for (let index = 0; index < lengthBytes; index += 4) {
    const word = random.nextUint32();
    for (let shift = 0; shift < 4 && index + shift < lengthBytes; shift += 1) bytes[index + shift] = (word >>> (shift * 8)) & 0xff;
  }
  return bytes;
}
