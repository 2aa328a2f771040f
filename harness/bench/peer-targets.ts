/**
 * Optional peer engines for `unplug bench --peers`, each configured to be
 * durable per commit, on the same disk and in the same run as the reference
 * engine. They are not dependencies of unplug: they are loaded only when
 * resolvable, after
 *
 *   npm install --no-save better-sqlite3 classic-level
 *
 * or, to keep them out of unplug's own node_modules (.peers/ is git-ignored),
 *
 *   npm install --prefix .peers better-sqlite3 classic-level
 *
 * or with NODE_PATH naming a node_modules directory that holds them.
 *
 * - SQLite (better-sqlite3): WAL mode, synchronous=FULL, one transaction per
 *   commit. The API is synchronous and SQLite has one writer per database, so
 *   64 clients in one process are served one commit at a time; there is no
 *   group commit to gain, and the figure shows it.
 * - LevelDB (classic-level): `batch(..., { sync: true })` per commit. LevelDB
 *   queues concurrent writers and writes the queue as one log record with one
 *   sync, which is group commit.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Write } from '../../engine/engine-types.js';
import { assertNever } from '../../engine/invariants.js';
import type { PeerEngine } from './bench-plan.js';
import { repositoryRoot } from '../engine-client/repository-root.js';
import type { CommitTarget } from './commit-target.js';

/** How each peer is made durable, for the report. */
export const PEER_SETTINGS: Readonly<Record<PeerEngine, { readonly packageName: string; readonly setting: string }>> = Object.freeze({
  sqlite: { packageName: 'better-sqlite3', setting: 'WAL, synchronous=FULL, one transaction per commit' },
  leveldb: { packageName: 'classic-level', setting: 'batch with sync: true per commit' },
});

/** The subset of better-sqlite3 used here. */
interface SqliteDatabase {
  pragma(source: string): unknown;
  exec(source: string): unknown;
  prepare(source: string): { run(...parameters: unknown[]): unknown };
  transaction(body: (writes: readonly Write[]) => void): (writes: readonly Write[]) => void;
  close(): void;
}

/** The subset of classic-level used here. */
interface LevelDatabase {
  open(): Promise<void>;
  batch(operations: readonly ({ type: 'put'; key: string; value: string } | { type: 'del'; key: string })[], options: { sync: boolean }): Promise<void>;
  close(): Promise<void>;
}

/** Where an optional peer package may live: unplug's own dependencies, `.peers/` beside them, the current directory's, or NODE_PATH. */
function peerPackageBases(): string[] {
  const packageRoot = repositoryRoot();
  return [import.meta.url, path.join(packageRoot, '.peers', 'package.json'), path.join(process.cwd(), 'package.json'), path.join(process.cwd(), '.peers', 'package.json')];
}

/** True when `packageName` can be loaded from one of the peer package bases. */
export function isPeerPackageInstalled(packageName: string): boolean {
  return peerPackageBases().some((base) => {
    try {
      createRequire(base).resolve(packageName);
      return true;
    } catch {
      return false;
    }
  });
}

/** Loads a CommonJS package from the first peer package base that has it. */
function loadPackage(packageName: string): unknown {
  const errors: string[] = [];
  for (const base of peerPackageBases()) {
    try {
      return createRequire(base)(packageName);
    } catch (error) {
      errors.push(error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error));
    }
  }
  throw new Error(`${packageName} is not installed (npm install --no-save ${packageName}): ${errors[0] ?? ''}`);
}

/** Opens SQLite in `directory`. */
function openSqlite(directory: string): CommitTarget {
  const Database = loadPackage('better-sqlite3') as new (file: string) => SqliteDatabase;
  const database = new Database(path.join(directory, 'peer.sqlite'));
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.exec('CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  const put = database.prepare('INSERT OR REPLACE INTO kv (key, value) VALUES (?, ?)');
  const remove = database.prepare('DELETE FROM kv WHERE key = ?');
  const commitWrites = database.transaction((writes) => {
    for (const [key, value] of writes) {
      if (value === null) remove.run(key);
      else put.run(key, value);
    }
  });
  let closed = false;
  return {
    label: 'SQLite (better-sqlite3)',
    commit: async (_tx, writes) => commitWrites(writes),
    syncCount: () => undefined,
    close: async () => {
      if (!closed) database.close();
      closed = true;
    },
  };
}

/** Opens LevelDB in `directory`. */
async function openLevel(directory: string): Promise<CommitTarget> {
  const { ClassicLevel } = loadPackage('classic-level') as { ClassicLevel: new (location: string) => LevelDatabase };
  const database = new ClassicLevel(path.join(directory, 'peer-leveldb'));
  await database.open();
  let closed = false;
  return {
    label: 'LevelDB (classic-level)',
    commit: (_tx, writes) =>
      database.batch(
        writes.map(([key, value]) => (value === null ? { type: 'del' as const, key } : { type: 'put' as const, key, value })),
        { sync: true },
      ),
    syncCount: () => undefined,
    close: async () => {
      if (!closed) await database.close();
      closed = true;
    },
  };
}

/** Opens a peer engine in `directory`; throws an Error naming the install command when it is not installed. */
export async function openPeerTarget(peer: PeerEngine, directory: string): Promise<CommitTarget> {
  switch (peer) {
    case 'sqlite':
      return openSqlite(directory);
    case 'leveldb':
      return openLevel(directory);
    default:
      return assertNever(peer, 'peer engine');
  }
}
