#!/usr/bin/env node
// leveldb-adapter: LevelDB (through the classic-level native addon) behind
// unplug's protocol v1. The database is the data directory itself; each commit
// is one atomic batch, acknowledged when the batch call returned:
//
//   node examples/adapters/leveldb-adapter.mjs --dir <path> [--sync true|false] [--setup-dir-sync true|false]
//
// --sync false (LevelDB's default) leaves the log write in the page cache:
// fast, and lost by a power cut. LevelDB itself does not sync the directory
// after its last rename of CURRENT (nor after removing the first MANIFEST,
// whose contents it never synced), so under the strict POSIX directory model
// a power cut after creating a database can leave CURRENT naming an empty
// MANIFEST; --setup-dir-sync true (default false) has the adapter fsync the
// directory once after opening, to test commits apart from that setup bug. classic-level is a devDependency of unplug
// (prebuilt binaries ship in its npm package); the adapter refuses to start
// with a `fatal` line when it is not installed.
import { closeSync, fsyncSync, openSync } from 'node:fs';
import { fatal, option, serve } from './serve-protocol.mjs';

const argv = process.argv.slice(2);
const dir = option(argv, 'dir', undefined);
const sync = option(argv, 'sync', 'true', ['true', 'false']) === 'true';
const setupDirectorySync = option(argv, 'setup-dir-sync', 'false', ['true', 'false']) === 'true';

let ClassicLevel;
try {
  ({ ClassicLevel } = await import('classic-level'));
} catch (error) {
  fatal('MISSING', `classic-level is not installed (npm install classic-level): ${error.message}`, 3);
}

const db = new ClassicLevel(dir, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
try {
  await db.open();
} catch (error) {
  fatal('CORRUPT', `LevelDB refused to open: ${error.cause?.message ?? error.message}`);
}
if (setupDirectorySync) {
  const directory = openSync(dir, 'r');
  fsyncSync(directory);
  closeSync(directory);
}

serve({
  async commit(writes) {
    await db.batch(
      writes.map(([key, value]) => (value === null ? { type: 'del', key } : { type: 'put', key, value })),
      { sync },
    );
  },
  async get(key) {
    try {
      return (await db.get(key)) ?? null;
    } catch (error) {
      if (error.code === 'LEVEL_NOT_FOUND') return null;
      throw error;
    }
  },
  async dump() {
    return db.iterator().all();
  },
  async checkpoint() {
    await db.compactRange('\u0000', '\uffff');
  },
  async close() {
    await db.close();
  },
});
