#!/usr/bin/env node
// postgres-adapter: PostgreSQL 15 (Debian's packages) behind unplug's protocol
// v1. The data directory IS the cluster: initdb into it on first start, then
// the postmaster runs on it with a Unix socket in a private directory outside
// it (no TCP), and the adapter talks SQL through one psql session:
//
//   node examples/adapters/postgres-adapter.mjs --dir <path> [--fsync on|off] [--synchronous-commit on|off] [--wal-writer-delay <ms>]
//
// --wal-writer-delay (PostgreSQL's default 200) bounds how long an
// asynchronous commit (synchronous_commit=off) stays unflushed.
//
// PostgreSQL refuses to run as root, so as root the adapter runs initdb and
// postgres as the `postgres` user (setpriv, which also makes the postmaster
// die with the adapter). Setup is made durable before `ready`: after initdb,
// the table and a CHECKPOINT, the adapter writes and fsyncs the marker file
// `unplug-setup-done` (and the directory). A start that finds no marker is a
// crash during setup, before any commit was acknowledged: the directory is
// cleared and set up again. Each commit is one BEGIN ... COMMIT, acknowledged
// when COMMIT returned.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, closeSync, existsSync, fsyncSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdapterError, serveProtocol } from 'unplug/adapter';
import { lineSession, option, removeDeadSocketDirectories, stopAfterFailedCommit } from './adapter-support.mjs';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const MARKER = 'unplug-setup-done';
/** How long the postmaster may take to accept connections (crash recovery included). */
const START_TIMEOUT_MS = 60_000;

const asRoot = process.getuid?.() === 0;
/** The command line that runs a PostgreSQL binary as the postgres user (or as is, when not root). */
const asPostgres = (binary, args) => (asRoot ? ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--pdeathsig', 'KILL', '--', join(BIN, binary), ...args]] : [join(BIN, binary), args]);
const handOver = (path) => {
  if (asRoot) spawnSync('chown', ['-R', 'postgres:postgres', path]);
};

function syncPath(path) {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * A crash state keeps the crashed postmaster's `postmaster.pid`. After a real
 * power cut no process survives, but here the crashed cluster may still be
 * dying, or its pid already reused by another process, and PostgreSQL then
 * refuses to start ("lock file postmaster.pid already exists"), which is not
 * a durability verdict. The lock is stale unless its pid runs a postgres on
 * this very directory, so it is removed, as after a reboot.
 */
function removeStaleLockFile(dir) {
  const lockPath = join(dir, 'postmaster.pid');
  if (!existsSync(lockPath)) return;
  const pid = Number(readFileSync(lockPath, 'utf8').split('\n')[0]);
  let commandLine = '';
  try {
    commandLine = Number.isSafeInteger(pid) && pid > 0 ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : '';
  } catch {
    // No such process: the lock is stale.
  }
  if (!commandLine.split('\0').includes(dir)) rmSync(lockPath, { force: true });
}

let postmaster;
let psql;
let session;
let socketDirectory;

/** Sends SQL that prints exactly one line and resolves with that line. */
const query = (sql) => session.query(sql);
const quote = (text) => `'${String(text).replaceAll("'", "''")}'`;
const cleanUp = () => socketDirectory !== undefined && rmSync(socketDirectory, { recursive: true, force: true });

async function stop() {
  psql?.stdin.end('\\q\n');
  if (postmaster !== undefined && postmaster.exitCode === null) {
    postmaster.kill('SIGINT'); // fast shutdown: a clean checkpoint
    await new Promise((resolve) => postmaster.on('exit', resolve));
  }
  cleanUp();
}

/** Sets the cluster up when its marker is missing, starts the postmaster (which recovers it) and one psql session. */
async function open(dir) {
  const fsync = option('fsync', 'on', ['on', 'off']);
  const synchronousCommit = option('synchronous-commit', 'on', ['on', 'off']);
  const walWriterDelayMs = option('wal-writer-delay', '200');
  if (!/^\d+$/.test(walWriterDelayMs) || Number(walWriterDelayMs) < 1 || Number(walWriterDelayMs) > 10_000) throw new AdapterError('USAGE', `--wal-writer-delay must be 1..10000 ms, got '${walWriterDelayMs}'`);
  if (!existsSync(join(BIN, 'postgres'))) throw new AdapterError('MISSING', `PostgreSQL 15 is not installed (no ${BIN}/postgres; apt-get install postgresql-15)`);
  const user = asRoot ? spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim() : undefined;
  if (user === '') throw new AdapterError('MISSING', 'no postgres user to run PostgreSQL as');

  // A crash before the marker was durable: nothing was acknowledged, start over.
  if (!existsSync(join(dir, MARKER))) {
    for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
    handOver(dir);
    const [file, args] = asPostgres('initdb', ['-D', dir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--wal-segsize=1', '--no-instructions']);
    const initdb = spawnSync(file, args, { encoding: 'utf8' });
    if (initdb.status !== 0) throw new AdapterError('SETUP', `initdb failed: ${(initdb.stderr || initdb.stdout).trim().split('\n').slice(-2).join(' ')}`);
  }
  handOver(dir);
  chmodSync(dir, 0o700);
  removeStaleLockFile(dir);
  removeDeadSocketDirectories('unplug-pg-socket-');
  socketDirectory = mkdtempSync(join(tmpdir(), `unplug-pg-socket-${process.pid}-`));
  if (asRoot) chownSync(socketDirectory, Number(user), Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim()));
  const settings = { listen_addresses: '', fsync, synchronous_commit: synchronousCommit, wal_writer_delay: `${walWriterDelayMs}ms`, shared_buffers: '16MB', max_connections: '5', wal_level: 'minimal', max_wal_senders: '0', autovacuum: 'off', logging_collector: 'off' };
  const [postgresFile, postgresArgs] = asPostgres('postgres', ['-D', dir, '-k', socketDirectory, ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])]);
  postmaster = spawn(postgresFile, postgresArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  postmaster.stderr.setEncoding('utf8');
  const accepting = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`postgres did not accept connections within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    postmaster.stderr.on('data', (chunk) => {
      log = (log + chunk).slice(-4000);
      if (log.includes('database system is ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    postmaster.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`postgres exited (${signal ?? code}): ${log.trim().split('\n').slice(-3).join(' | ')}`));
    });
  });
  try {
    await accepting;
  } catch (error) {
    cleanUp();
    throw new AdapterError('CORRUPT', error.message);
  }

  psql = spawn('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', socketDirectory, '-U', 'postgres', '-d', 'postgres'], { stdio: ['pipe', 'pipe', 'pipe'] });
  session = lineSession(psql, 'psql');

  try {
    if (!existsSync(join(dir, MARKER))) {
      await query("CREATE TABLE kv(k text PRIMARY KEY, v text NOT NULL); CHECKPOINT; SELECT 'created';");
      const marker = openSync(join(dir, MARKER), 'w');
      writeSync(marker, 'setup complete\n');
      fsyncSync(marker);
      closeSync(marker);
      syncPath(dir);
    }
    // Recovery is done when the table reads: a relation file lost in the crash is refused here (CORRUPT), not found by the first dump.
    await query('SELECT count(*) FROM kv;');
  } catch (error) {
    await stop();
    throw new AdapterError('CORRUPT', String(error.message ?? error));
  }
}

await serveProtocol(
  stopAfterFailedCommit({
    open,
    async commit(tx, writes) {
      const statements = writes.map(([key, value]) => (value === null ? `DELETE FROM kv WHERE k=${quote(key)};` : `INSERT INTO kv VALUES(${quote(key)}, ${quote(value)}) ON CONFLICT (k) DO UPDATE SET v = excluded.v;`));
      await query(`BEGIN; ${statements.join(' ')} COMMIT; SELECT 'committed';`);
    },
    async get(key) {
      return JSON.parse(await query(`SELECT json_build_array((SELECT v FROM kv WHERE k=${quote(key)}));`))[0];
    },
    async dump() {
      return JSON.parse(await query("SELECT coalesce(json_agg(json_build_array(k, v) ORDER BY k), '[]') FROM kv;"));
    },
    async checkpoint() {
      await query("CHECKPOINT; SELECT 'ok';");
    },
    close: stop,
  }),
  { usage: 'usage: postgres-adapter.mjs --dir <path> [--fsync on|off] [--synchronous-commit on|off] [--wal-writer-delay <ms>]' },
);
