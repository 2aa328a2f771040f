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
import { AdapterError, serveProtocol } from 'unplug/adapter';
import { option, stopAfterFailedCommit } from './adapter-support.mjs';

let db;
let sync;

/** Opens (and so recovers) the database in `dir`. */
async function open(dir) {
  sync = option('sync', 'true', ['true', 'false']) === 'true';
  const setupDirectorySync = option('setup-dir-sync', 'false', ['true', 'false']) === 'true';
  let ClassicLevel;
  try {
    ({ ClassicLevel } = await import('classic-level'));
  } catch (error) {
    throw new AdapterError('MISSING', `classic-level is not installed (npm install classic-level): ${error.message}`);
  }
  db = new ClassicLevel(dir, { keyEncoding: 'utf8', valueEncoding: 'utf8' });
  try {
    await db.open();
  } catch (error) {
    throw new AdapterError('CORRUPT', `LevelDB refused to open: ${error.cause?.message ?? error.message}`);
  }
  if (setupDirectorySync) {
    const directory = openSync(dir, 'r');
    fsyncSync(directory);
    closeSync(directory);
  }
}

await serveProtocol(
  stopAfterFailedCommit({
    open,
    async commit(tx, writes) {
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
  }),
  { usage: 'usage: leveldb-adapter.mjs --dir <path> [--sync true|false] [--setup-dir-sync true|false]' },
);
