#!/usr/bin/env node
// redis-adapter: Redis 7 (Debian's redis-server) behind unplug's protocol v1,
// with its append-only file in the data directory and a Unix socket in a
// private directory outside it (no TCP, no RDB snapshots):
//
//   node examples/adapters/redis-adapter.mjs --dir <path> [--appendfsync always|everysec|no]
//
// The data lives in one hash, `kv`; a commit is MULTI, HSET/HDEL..., EXEC,
// acknowledged when EXEC has replied (with `always`, Redis syncs the AOF
// before replying). Redis 7 keeps the AOF in `appendonlydir/` (a manifest, a
// base and an incremental file), which it creates at its first start. The
// server is started through setpriv --pdeathsig, so it dies with the adapter.
// A small RESP client is built in: no npm packages.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdapterError, serveProtocol } from 'unplug/adapter';
import { option, removeDeadSocketDirectories, stopAfterFailedCommit } from './adapter-support.mjs';

/** How long the server may take to load its AOF and open the socket. */
const START_TIMEOUT_MS = 60_000;

/** A minimal RESP client on one connection: commands are answered in order. */
function connectResp(path) {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    const waiting = [];
    let buffer = Buffer.alloc(0);
    socket.on('error', reject);
    socket.on('connect', () => {
      socket.removeListener('error', reject);
      socket.on('error', (error) => waiting.splice(0).forEach((waiter) => waiter.reject(error)));
      socket.on('close', () => waiting.splice(0).forEach((waiter) => waiter.reject(new Error('the Redis connection closed'))));
      resolve({
        command: (...args) =>
          new Promise((done, failed) => {
            waiting.push({ resolve: done, reject: failed });
            socket.write(`*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(String(arg))}\r\n${arg}\r\n`).join('')}`);
          }),
        close: () => socket.end(),
      });
    });
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const parsed = parseReply(buffer, 0);
        if (parsed === undefined) break;
        buffer = buffer.subarray(parsed.end);
        const waiter = waiting.shift();
        if (parsed.value instanceof Error) waiter?.reject(parsed.value);
        else waiter?.resolve(parsed.value);
      }
    });
  });
}

/** Parses one RESP2 reply at `at`; undefined when incomplete. */
function parseReply(buffer, at) {
  const lineEnd = buffer.indexOf('\r\n', at);
  if (lineEnd === -1) return undefined;
  const type = String.fromCharCode(buffer[at]);
  const text = buffer.toString('utf8', at + 1, lineEnd);
  const next = lineEnd + 2;
  switch (type) {
    case '+':
      return { value: text, end: next };
    case '-':
      return { value: new Error(text), end: next };
    case ':':
      return { value: Number(text), end: next };
    case '$': {
      const length = Number(text);
      if (length < 0) return { value: null, end: next };
      if (buffer.length < next + length + 2) return undefined;
      return { value: buffer.toString('utf8', next, next + length), end: next + length + 2 };
    }
    case '*': {
      const count = Number(text);
      if (count < 0) return { value: null, end: next };
      const items = [];
      let end = next;
      for (let index = 0; index < count; index += 1) {
        const item = parseReply(buffer, end);
        if (item === undefined) return undefined;
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      return { value: new Error(`unexpected RESP reply type '${type}'`), end: next };
  }
}

let server;
let client;

/** Starts redis-server on `dir` (it loads the AOF there) and connects once it answers PING. */
async function open(dir) {
  const appendfsync = option('appendfsync', 'always', ['always', 'everysec', 'no']);
  if (spawnSync('redis-server', ['--version']).error !== undefined) throw new AdapterError('MISSING', 'redis-server is not installed (apt-get install redis-server)');
  removeDeadSocketDirectories('unplug-redis-socket-');
  const socketDirectory = mkdtempSync(join(tmpdir(), `unplug-redis-socket-${process.pid}-`));
  const socketPath = join(socketDirectory, 'redis.sock');
  const settings = ['--dir', dir, '--port', '0', '--unixsocket', socketPath, '--appendonly', 'yes', '--appendfsync', appendfsync, '--save', '', '--daemonize', 'no', '--logfile', '', '--aof-use-rdb-preamble', 'yes'];
  server = spawn('setpriv', ['--pdeathsig', 'KILL', '--', 'redis-server', ...settings], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  let exited;
  const keepLog = (chunk) => (log = (log + chunk).slice(-4000));
  server.stdout.on('data', keepLog);
  server.stderr.on('data', keepLog);
  server.on('exit', (code, signal) => {
    rmSync(socketDirectory, { recursive: true, force: true });
    exited = `redis-server exited (${signal ?? code}): ${log.trim().split('\n').slice(-3).join(' | ')}`;
  });
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (client === undefined) {
    if (exited !== undefined) throw new AdapterError('CORRUPT', exited);
    if (existsSync(socketPath)) {
      try {
        client = await connectResp(socketPath);
        // LOADING: the server is still replaying its AOF.
        for (;;) {
          try {
            await client.command('PING');
            break;
          } catch (error) {
            if (!String(error.message).startsWith('LOADING')) throw error;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      } catch {
        client = undefined;
      }
    }
    if (client === undefined) {
      if (Date.now() > deadline) throw new AdapterError('START', `redis-server did not open ${socketPath} within ${START_TIMEOUT_MS} ms: ${log.trim().split('\n').slice(-2).join(' | ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

await serveProtocol(
  stopAfterFailedCommit({
    open,
    async commit(tx, writes) {
      await client.command('MULTI');
      for (const [key, value] of writes) await (value === null ? client.command('HDEL', 'kv', key) : client.command('HSET', 'kv', key, value));
      const results = await client.command('EXEC');
      if (!Array.isArray(results)) throw new Error('EXEC was aborted');
    },
    async get(key) {
      return client.command('HGET', 'kv', key);
    },
    async dump() {
      const flat = await client.command('HGETALL', 'kv');
      const entries = [];
      for (let index = 0; index < flat.length; index += 2) entries.push([flat[index], flat[index + 1]]);
      return entries;
    },
    async close() {
      try {
        await client.command('SHUTDOWN', 'NOSAVE');
      } catch {
        // The server closes the connection as it shuts down.
      }
      if (server.exitCode === null) await new Promise((resolve) => server.on('exit', resolve));
    },
  }),
  { usage: 'usage: redis-adapter.mjs --dir <path> [--appendfsync always|everysec|no]' },
);
