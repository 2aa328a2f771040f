#!/usr/bin/env node
// lowdb (a popular JSON-file database on npm) served over protocol v1 by the
// adapter kit, unchanged: each commit sets keys on `db.data` and awaits
// `db.write()`, which writes a temporary file and renames it over db.json.
// Usage: node lowdb-store.mjs --dir <path>
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { serveProtocol } from 'unplug/adapter';

let db;
await serveProtocol({
  async open(dir) {
    // Not JSONFilePreset: it swaps in an in-memory adapter when NODE_ENV is 'test'.
    db = new Low(new JSONFile(join(dir, 'db.json')), { entries: {} });
    await db.read();
  },
  async commit(tx, writes) {
    for (const [key, value] of writes) {
      if (value === null) delete db.data.entries[key];
      else db.data.entries[key] = value;
    }
    await db.write(); // resolves once the rename is done: is that durable?
  },
  get: (key) => (Object.hasOwn(db.data.entries, key) ? db.data.entries[key] : undefined),
  dump: () => Object.entries(db.data.entries),
  close() {},
}, { usage: 'usage: lowdb-store.mjs --dir <path>', reopen: true });
