/**
 * The damage property shared by the default suite (a few hundred cases) and
 * `npm run fuzz` (100,000 and more): a cleanly closed store with acknowledged
 * commits (4 KiB segments, group flushes spanning many segments, with and
 * without checkpoints) gets ONE random damage to its synced files, and the
 * restart must give either every acknowledged commit exactly, or a fatal
 * CORRUPT that changed nothing on disk. Anything else (a silent loss, another
 * error, a stack trace) is a failure.
 */
import zlib from 'node:zlib';
import fc from 'fast-check';
import type { EngineOptions } from '../engine-types.js';
import { EngineError } from '../engine-types.js';
import { MemFileSystem } from '../fs/mem-file-system.js';
import { openEngine } from '../store/open-engine.js';

const DIRECTORY = '/db';
const SEGMENT_BYTES = 4096;

/** One prepared store: its closed directory and the state its acknowledged commits make. */
export interface DamageBase {
  readonly name: string;
  readonly fileSystem: MemFileSystem;
  readonly expected: readonly (readonly [string, string])[];
  readonly options: Omit<EngineOptions, 'fileSystem' | 'directory'>;
}

/** The shapes of store the damage is applied to. */
export const BASE_SHAPES = [
  { name: 'no checkpoint, flushes of large values spanning many segments', checkpointEvery: 0, valueBytesMax: 12_000 },
  { name: 'a checkpoint in the middle, recycled spares', checkpointEvery: 3, valueBytesMax: 3_000 },
  { name: 'automatic checkpoints every 4 segments, small values', checkpointEvery: 0, valueBytesMax: 300, checkpointWalBytes: 4 * SEGMENT_BYTES },
] as const;

/** Builds one base store: groups of concurrent commits with seeded sizes, then a clean close. */
export async function buildBase(shapeIndex: number, seed: number): Promise<DamageBase> {
  const shape = BASE_SHAPES[shapeIndex % BASE_SHAPES.length] ?? BASE_SHAPES[0];
  const options = { segmentSizeBytes: SEGMENT_BYTES, checkpointWalBytes: 'checkpointWalBytes' in shape ? shape.checkpointWalBytes : 1 << 30 };
  const fileSystem = new MemFileSystem();
  const engine = openEngine({ directory: DIRECTORY, fileSystem, ...options });
  const state = new Map<string, string>();
  let random = seed >>> 0 || 1;
  const next = (limit: number): number => {
    // xorshift32: the store's shape follows from the seed alone.
    random ^= random << 13;
    random ^= random >>> 17;
    random ^= random << 5;
    return (random >>> 0) % limit;
  };
  let tx = 0;
  for (let group = 0; group < 8; group += 1) {
    const commits = Array.from({ length: 1 + next(6) }, () => {
      tx += 1;
      const key = `key-${next(40)}`;
      const value = next(10) === 0 ? null : `${tx}:`.padEnd(1 + next(shape.valueBytesMax), 'x');
      return { tx, writes: [[key, value]] as const };
    });
    await Promise.all(commits.map((commit) => engine.commit(commit.tx, commit.writes)));
    for (const { writes } of commits) {
      for (const [key, value] of writes) {
        if (value === null) state.delete(key);
        else state.set(key, value);
      }
    }
    if (shape.checkpointEvery > 0 && group % shape.checkpointEvery === shape.checkpointEvery - 1) await engine.checkpoint();
  }
  await engine.close();
  const expected = [...state.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { name: shape.name, fileSystem, expected, options };
}

/** One damage, in terms of indexes resolved against the base's files when applied. */
export type Damage =
  | { readonly kind: 'flip'; readonly file: number; readonly at: number; readonly mask: number }
  | { readonly kind: 'zero'; readonly file: number; readonly at: number; readonly lengthBytes: number }
  | { readonly kind: 'truncate'; readonly file: number; readonly at: number }
  | { readonly kind: 'delete'; readonly file: number }
  | { readonly kind: 'duplicate'; readonly file: number; readonly segmentNumber: number }
  | { readonly kind: 'swap'; readonly file: number; readonly other: number }
  | { readonly kind: 'rename'; readonly file: number; readonly segmentNumber: number }
  | { readonly kind: 'foreign'; readonly name: 'segment' | 'other'; readonly segmentNumber: number; readonly bytes: Uint8Array };

/** The damage arbitrary. */
export const damageArbitrary: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), file: fc.nat(), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('zero' as const), file: fc.nat(), at: fc.nat(), lengthBytes: fc.integer({ min: 1, max: 3 * SEGMENT_BYTES }) }),
  fc.record({ kind: fc.constant('truncate' as const), file: fc.nat(), at: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), file: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), file: fc.nat(), segmentNumber: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('swap' as const), file: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('rename' as const), file: fc.nat(), segmentNumber: fc.integer({ min: 1, max: 200 }) }),
  fc.record({
    kind: fc.constant('foreign' as const),
    name: fc.constantFrom('segment' as const, 'other' as const),
    segmentNumber: fc.integer({ min: 1, max: 200 }),
    bytes: fc.uint8Array({ maxLength: 200 }),
  }),
);

/** Applies `damage` to a copy of the base's directory and returns it. */
export function applyDamage(base: DamageBase, damage: Damage): MemFileSystem {
  const fileSystem = base.fileSystem.crashClone({ unsynced: 'keep' });
  const files = fileSystem.list(DIRECTORY);
  const pick = (index: number): string => `${DIRECTORY}/${files[index % files.length] ?? ''}`;
  const segmentName = (segmentNumber: number): string => `${DIRECTORY}/0000000100000000${segmentNumber.toString(16).toUpperCase().padStart(8, '0')}`;
  switch (damage.kind) {
    case 'flip': {
      const path = pick(damage.file);
      const bytes = fileSystem.readFile(path);
      if (bytes.length === 0) break;
      const at = damage.at % bytes.length;
      writeDurably(fileSystem, path, at, Uint8Array.of((bytes[at] ?? 0) ^ damage.mask));
      break;
    }
    case 'zero': {
      const path = pick(damage.file);
      const size = fileSystem.readFile(path).length;
      if (size === 0) break;
      const at = damage.at % size;
      writeDurably(fileSystem, path, at, new Uint8Array(Math.min(damage.lengthBytes, size - at)));
      break;
    }
    case 'truncate': {
      const path = pick(damage.file);
      const handle = fileSystem.open(path);
      handle.truncate(damage.at % Math.max(1, handle.sizeBytes()));
      handle.sync('fsync');
      handle.close();
      break;
    }
    case 'delete':
      fileSystem.remove(pick(damage.file));
      break;
    case 'duplicate': {
      const target = segmentName(damage.segmentNumber);
      if (fileSystem.exists(target)) fileSystem.remove(target);
      const source = pick(damage.file);
      if (source !== target && fileSystem.exists(source)) writeDurably(fileSystem, target, 0, fileSystem.readFile(source), true);
      break;
    }
    case 'swap': {
      const [first, second] = [pick(damage.file), pick(damage.other)];
      if (first === second) break;
      fileSystem.rename(first, `${DIRECTORY}/swap-in-progress`);
      fileSystem.rename(second, first);
      fileSystem.rename(`${DIRECTORY}/swap-in-progress`, second);
      break;
    }
    case 'rename': {
      const target = segmentName(damage.segmentNumber);
      if (!fileSystem.exists(target)) fileSystem.rename(pick(damage.file), target);
      break;
    }
    case 'foreign': {
      const target = damage.name === 'segment' ? segmentName(damage.segmentNumber) : `${DIRECTORY}/notes-${damage.segmentNumber}.txt`;
      if (!fileSystem.exists(target)) writeDurably(fileSystem, target, 0, damage.bytes, true);
      break;
    }
    default:
      throw new Error(`unknown damage ${JSON.stringify(damage)}`);
  }
  fileSystem.syncDirectory(DIRECTORY);
  return fileSystem;
}

/** Restarts on the damaged copy; returns a failure message, or undefined when the property holds. */
export function checkRestart(base: DamageBase, damaged: MemFileSystem): string | undefined {
  const before = snapshot(damaged);
  let engine;
  try {
    engine = openEngine({ directory: DIRECTORY, fileSystem: damaged, ...base.options });
  } catch (error) {
    if (!(error instanceof EngineError) || error.code !== 'CORRUPT') return `restart failed with something other than CORRUPT: ${String(error)}`;
    return snapshot(damaged) === before ? undefined : 'CORRUPT, but recovery changed the directory first';
  }
  const dump = engine.dump();
  if (JSON.stringify(dump) !== JSON.stringify(base.expected)) {
    return `restart came up '${engine.recovery.outcome}' with ${dump.length} keys instead of the ${base.expected.length} the acknowledged commits made`;
  }
  return undefined;
}

/** Names, sizes and checksums of every file: enough to see that recovery changed nothing. */
function snapshot(fileSystem: MemFileSystem): string {
  return fileSystem
    .list(DIRECTORY)
    .map((name) => {
      const bytes = fileSystem.readFile(`${DIRECTORY}/${name}`);
      return `${name}:${bytes.length}:${zlib.crc32(bytes)}`;
    })
    .join('\n');
}

function writeDurably(fileSystem: MemFileSystem, path: string, offsetBytes: number, bytes: Uint8Array, create = false): void {
  const handle = fileSystem.open(path, { create });
  handle.write(bytes, offsetBytes);
  handle.sync('fsync');
  handle.close();
}
