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
import { fatal, option, serve } from './serve-protocol.mjs';

const argv = process.argv.slice(2);
const dir = option(argv, 'dir', undefined);
const journalMode = option(argv, 'journal-mode', 'wal', ['wal', 'delete', 'truncate', 'persist']);
const synchronous = option(argv, 'synchronous', 'full', ['off', 'normal', 'full', 'extra']);

const shell = spawn('sqlite3', ['-batch', join(dir, 'store.db')], { stdio: ['pipe', 'pipe', 'pipe'] });
let stderr = '';
const waiting = [];
let partial = '';
shell.on('error', (error) => fatal(error.code === 'ENOENT' ? 'MISSING' : 'START', `sqlite3: ${error.message}`, 3));
shell.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-2000)));
shell.stdout.setEncoding('utf8');
shell.stdout.on('data', (chunk) => {
  partial += chunk;
  let newline;
  while ((newline = partial.indexOf('\n')) !== -1) {
    const line = partial.slice(0, newline);
    partial = partial.slice(newline + 1);
    waiting.shift()?.resolve(line);
  }
});
shell.on('exit', (code, signal) => {
  const reason = new Error(`sqlite3 exited (${signal ?? code}): ${stderr.trim()}`);
  for (const waiter of waiting.splice(0)) waiter.reject(reason);
  if (!started) fatal('CORRUPT', reason.message);
});

/** Sends SQL that prints exactly one line and resolves with that line. */
function query(sql) {
  return new Promise((resolve, reject) => {
    waiting.push({ resolve, reject });
    shell.stdin.write(`${sql}\n`);
  });
}

const quote = (text) => `'${String(text).replaceAll("'", "''")}'`;

let started = false;
shell.stdin.write('.bail on\n');
await query(`PRAGMA journal_mode=${journalMode};`);
await query(`PRAGMA synchronous=${synchronous}; CREATE TABLE IF NOT EXISTS kv(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID; SELECT count(*) FROM kv;`);
started = true;

serve({
  async commit(writes) {
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
});
