#!/usr/bin/env node
// append-only-store: a plain, correct append-only key/value store that speaks
// unplug's protocol v1 (see engine/host/protocol.ts). Each commit is one line
// appended to `<dir>/append.log`, synced with fdatasync before it is
// acknowledged; the directory is synced when the log is created, so the log's
// own name survives a power cut. Every line carries a checksum, so recovery can
// tell a torn tail (the last, unsynced append, cut off) from corruption (a
// damaged line with intact lines after it: refused with a `fatal` CORRUPT line).
//
// Line format (one commit per line, UTF-8):
//
//   +----------+---+----------------------------------------+----+
//   | crc32    |   | {"tx": <integer>, "writes": [[k, v]..]}| \n |
//   | 8 hex    | ' '| JSON, no newline inside                |    |
//   +----------+---+----------------------------------------+----+
//   crc32 is zlib.crc32 (IEEE) of the JSON's bytes, lower-case hex, zero-padded.
//
// Plain Node, no dependencies, no knowledge of unplug: it stands for "an
// unmodified Node program". It offers the protocol's optional `reopen`
// capability (a `reopen` request recovers another directory in this process),
// which lets unplug recover crash state after crash state without starting a
// process for each. Usage: node append-only-store.mjs --dir <path>
import { closeSync, existsSync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';

/** The longest request line accepted (as protocol v1's reference host). */
const MAX_LINE_BYTES = 8 * 1024 * 1024;
const LOG_NAME = 'append.log';
const CHECKSUM_HEX_DIGITS = 8;
const NEWLINE = 0x0a;

const args = process.argv.slice(2);
const dirIndex = args.indexOf('--dir');
const dir = dirIndex === -1 ? undefined : args[dirIndex + 1];
const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

if (dir === undefined) {
  send({ type: 'fatal', code: 'USAGE', message: 'usage: append-only-store.mjs --dir <path>' });
  process.exit(2);
}

function isWrite(write) {
  return Array.isArray(write) && write.length === 2 && typeof write[0] === 'string' && (typeof write[1] === 'string' || write[1] === null);
}

/** The log line of a commit: checksum, space, JSON, newline. */
function encodeLine(tx, writes) {
  const json = Buffer.from(JSON.stringify({ tx, writes }), 'utf8');
  const checksum = crc32(json).toString(16).padStart(CHECKSUM_HEX_DIGITS, '0');
  return Buffer.concat([Buffer.from(`${checksum} `, 'latin1'), json, Buffer.from([NEWLINE])]);
}

/** The commit of a whole line (without its newline), or undefined when the line is damaged. */
function decodeLine(line) {
  if (line.length < CHECKSUM_HEX_DIGITS + 1 || line[CHECKSUM_HEX_DIGITS] !== 0x20) return undefined;
  const checksum = line.subarray(0, CHECKSUM_HEX_DIGITS).toString('latin1');
  const json = line.subarray(CHECKSUM_HEX_DIGITS + 1);
  if (!/^[0-9a-f]{8}$/.test(checksum) || Number.parseInt(checksum, 16) !== crc32(json)) return undefined;
  try {
    const commit = JSON.parse(json.toString('utf8'));
    return Number.isSafeInteger(commit?.tx) && Array.isArray(commit.writes) && commit.writes.every(isWrite) ? commit : undefined;
  } catch {
    // A checksum that holds over bytes this store did not write: treat the line as damaged.
    return undefined;
  }
}

/** Syncs a directory's entries, so a file created in it survives a power cut. */
function syncDirectory(path) {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// Recovery: replay every line whose checksum holds. The first damaged or
// unterminated line starts the torn tail, unless an intact line follows it:
// then synced data was damaged, and the store refuses to start rather than
// guess. A torn tail is cut off (and the cut synced) before appending again.
// Returns the open store, or the `fatal` line to print when it refuses.
function openStore(dir) {
  mkdirSync(dir, { recursive: true });
  const logPath = join(dir, LOG_NAME);
  const logExisted = existsSync(logPath);
  const log = logExisted ? readFileSync(logPath) : Buffer.alloc(0);
  const entries = new Map();
  let commitsReplayed = 0;
  let validEndBytes = 0;
  let damagedLine;
  for (let startBytes = 0, lineNumber = 1; startBytes < log.length; lineNumber += 1) {
    const newline = log.indexOf(NEWLINE, startBytes);
    const endBytes = newline === -1 ? log.length : newline;
    const commit = newline === -1 ? undefined : decodeLine(log.subarray(startBytes, endBytes));
    if (commit === undefined) {
      damagedLine ??= lineNumber;
    } else if (damagedLine !== undefined) {
      return { fatal: { type: 'fatal', code: 'CORRUPT', message: `${LOG_NAME} line ${damagedLine} is damaged but line ${lineNumber} after it is intact` } };
    } else {
      for (const [key, value] of commit.writes) {
        if (value === null) entries.delete(key);
        else entries.set(key, value);
      }
      commitsReplayed += 1;
      validEndBytes = endBytes + 1;
    }
    startBytes = endBytes + 1;
  }
  const logFd = openSync(logPath, 'a');
  const tornBytesTruncated = log.length - validEndBytes;
  if (tornBytesTruncated > 0) {
    ftruncateSync(logFd, validEndBytes);
    fdatasyncSync(logFd);
  }
  if (!logExisted) syncDirectory(dir);
  const recovery = { outcome: tornBytesTruncated > 0 ? 'torn-tail' : 'clean', commitsReplayed, tornBytesTruncated };
  return { store: { entries, logFd, logSizeBytes: validEndBytes, recovery } };
}

// The open store: everything recovery rebuilt lives here, so `reopen` (below)
// drops it whole and nothing of one directory leaks into the next.
let store;
const lsn = () => `0/${store.logSizeBytes.toString(16).toUpperCase()}`;

const opened = openStore(dir);
if (opened.fatal !== undefined) {
  send(opened.fatal);
  process.exit(1);
}
store = opened.store;
// The `reopen` capability (protocol.ts): the harness may ask this process to
// recover another directory instead of starting a new process for it.
send({ type: 'ready', lsn: lsn(), recovery: store.recovery, capabilities: ['reopen'] });

function handle(request) {
  const id = Number.isSafeInteger(request?.id) ? request.id : null;
  if (request?.type === 'reopen') {
    if (typeof request.dir !== 'string' || request.dir === '') return send({ id, type: 'error', code: 'BAD_REQUEST', message: 'a reopen needs a directory "dir"' });
    // The old directory is abandoned as it is: nothing more is owed to it.
    if (store !== undefined) closeSync(store.logFd);
    const next = openStore(request.dir);
    store = next.store;
    return send(next.fatal !== undefined ? { id, ...next.fatal } : { id, type: 'ready', lsn: lsn(), recovery: store.recovery });
  }
  // After a refused reopen no store is open until the next reopen succeeds.
  if (store === undefined && request?.type !== 'close') return send({ id, type: 'error', code: 'CLOSED', message: 'no store is open: the last reopen failed' });
  switch (request?.type) {
    case 'commit': {
      if (!Number.isSafeInteger(request.tx) || !Array.isArray(request.writes) || !request.writes.every(isWrite)) {
        return send({ id, type: 'error', code: 'BAD_REQUEST', message: 'a commit needs an integer tx and writes [[key, value|null], ...]' });
      }
      const line = encodeLine(request.tx, request.writes);
      writeSync(store.logFd, line);
      // Durable before acknowledged: the line's bytes reach the disk first.
      fdatasyncSync(store.logFd);
      store.logSizeBytes += line.length;
      for (const [key, value] of request.writes) {
        if (value === null) store.entries.delete(key);
        else store.entries.set(key, value);
      }
      return send({ id, type: 'ack', tx: request.tx, lsn: lsn() });
    }
    case 'get':
      return send({ id, type: 'value', value: store.entries.get(request.key) ?? null });
    case 'dump':
      return send({ id, type: 'dump', entries: [...store.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)), lsn: lsn() });
    case 'checkpoint':
      // Every acknowledged line is synced already; there is nothing to fold.
      return send({ id, type: 'ok' });
    case 'close':
      if (store !== undefined) closeSync(store.logFd);
      send({ id, type: 'ok' });
      return process.exit(0);
    default:
      return send({ id, type: 'error', code: 'BAD_REQUEST', message: `unknown request type ${JSON.stringify(request?.type)}` });
  }
}

let pending = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  pending += chunk;
  let newline;
  while ((newline = pending.indexOf('\n')) !== -1) {
    const line = pending.slice(0, newline);
    pending = pending.slice(newline + 1);
    if (line.trim() === '') continue;
    let request;
    try {
      request = JSON.parse(line);
    } catch {
      send({ id: null, type: 'error', code: 'BAD_REQUEST', message: 'the request line is not JSON' });
      continue;
    }
    handle(request);
  }
  if (pending.length > MAX_LINE_BYTES) {
    send({ id: null, type: 'error', code: 'LINE_TOO_LONG', message: `a request line is longer than ${MAX_LINE_BYTES} bytes` });
    pending = '';
  }
});
process.stdin.on('end', () => process.exit(0));
