#!/usr/bin/env node
// sqlite-adapter: SQLite behind unplug's protocol v1, through the sqlite3
// command-line shell (Debian's `sqlite3` package), so that any SQLite setting
// can be crash-tested without a native addon. One table kv(key, value) in
// <dir>/store.db; each commit is one BEGIN ... COMMIT; acknowledged when the
// shell has returned from COMMIT, which is when SQLite says it is durable for
// the chosen settings:
//
//   node examples/adapters/sqlite-adapter.mjs --dir <path> [--journal-mode wal|delete|truncate|persist] [--synchronous off|normal|full|extra]
//
// Defaults: wal and full. Every request becomes statements that print exactly
// one line, so answers are read in order. `.bail on` makes the shell exit at
// the first failed statement: a commit that failed is never acknowledged.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { AdapterError, serveProtocol } from 'unplug/adapter';
import { lineSession, option, stopAfterFailedCommit } from './adapter-support.mjs';

let shell;
let session;
let journalMode;

/** Sends SQL that prints exactly one line and resolves with that line. */
const query = (sql) => session.query(sql);

const quote = (text) => `'${String(text).replaceAll("'", "''")}'`;

/** Starts the shell on `<dir>/store.db` with the chosen settings (SQLite recovers the database as it opens it). */
async function open(dir) {
  journalMode = option('journal-mode', 'wal', ['wal', 'delete', 'truncate', 'persist']);
  const synchronous = option('synchronous', 'full', ['off', 'normal', 'full', 'extra']);
  shell = spawn('sqlite3', ['-batch', join(dir, 'store.db')], { stdio: ['pipe', 'pipe', 'pipe'] });
  const failedToStart = new Promise((_, reject) => shell.on('error', (error) => reject(new AdapterError(error.code === 'ENOENT' ? 'MISSING' : 'START', `sqlite3: ${error.message}`))));
  session = lineSession(shell, 'sqlite3');
  shell.stdin.write('.bail on\n');
  await Promise.race([
    failedToStart,
    (async () => {
      await query(`PRAGMA journal_mode=${journalMode};`);
      await query(`PRAGMA synchronous=${synchronous}; CREATE TABLE IF NOT EXISTS kv(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID; SELECT count(*) FROM kv;`);
    })(),
  ]);
}

await serveProtocol(
  stopAfterFailedCommit({
    open,
    async commit(tx, writes) {
      const statements = writes.map(([key, value]) => (value === null ? `DELETE FROM kv WHERE key=${quote(key)};` : `INSERT OR REPLACE INTO kv VALUES(${quote(key)}, ${quote(value)});`));
      await query(`BEGIN; ${statements.join(' ')} COMMIT; SELECT 'committed';`);
    },
    async get(key) {
      return JSON.parse(await query(`SELECT json_array((SELECT value FROM kv WHERE key=${quote(key)}));`))[0];
    },
    async dump() {
      return JSON.parse(await query('SELECT json_group_array(json_array(key, value)) FROM (SELECT key, value FROM kv ORDER BY key);'));
    },
    async checkpoint() {
      await query(journalMode === 'wal' ? 'PRAGMA wal_checkpoint(TRUNCATE);' : "SELECT 'ok';");
    },
    async close() {
      shell.stdin.end('.quit\n');
      await new Promise((resolve) => (shell.exitCode === null ? shell.on('exit', resolve) : resolve()));
    },
  }),
  { usage: 'usage: sqlite-adapter.mjs --dir <path> [--journal-mode wal|delete|truncate|persist] [--synchronous off|normal|full|extra]' },
);
