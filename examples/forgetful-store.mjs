#!/usr/bin/env node
// forgetful-store: a tiny append-only key/value store that speaks unplug's
// protocol v1 (DESIGN.md section 6) and FORGETS TO FSYNC. Each commit is one
// JSON line appended to `<dir>/store.log`, and the commit is acknowledged at
// once: the bytes are only in the kernel's page cache, so a power cut loses
// acknowledged commits. A plain kill -9 does not (the page cache survives the
// process), which is why unplug traces the program and builds power-loss crash
// states from the trace. `--fsync` makes it correct (fdatasync before each ack,
// and a directory fsync after creating the log), to show the difference.
//
// Plain Node, no dependencies, no knowledge of unplug: it stands for "an
// unmodified Node program". Usage: node forgetful-store.mjs --dir <path> [--fsync]
import { closeSync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** The longest request line accepted (as protocol v1's reference host). */
const MAX_LINE_BYTES = 8 * 1024 * 1024;
const LOG_NAME = 'store.log';

const args = process.argv.slice(2);
const dirIndex = args.indexOf('--dir');
const dir = dirIndex === -1 ? undefined : args[dirIndex + 1];
const syncCommits = args.includes('--fsync');
const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

if (dir === undefined) {
  send({ type: 'fatal', code: 'USAGE', message: 'usage: forgetful-store.mjs --dir <path> [--fsync]' });
  process.exit(2);
}

function isWrite(write) {
  return Array.isArray(write) && write.length === 2 && typeof write[0] === 'string' && (typeof write[1] === 'string' || write[1] === null);
}

/** A log line as this store writes it: {"tx": <integer>, "writes": [[key, value|null], ...]}. */
function isCommitRecord(commit) {
  return typeof commit === 'object' && commit !== null && Number.isSafeInteger(commit.tx) && Array.isArray(commit.writes) && commit.writes.every(isWrite);
}

/** Syncs a directory's entries (only with --fsync). */
function syncDirectory(path) {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

// Recovery: replay every whole line. Only the last line can be a torn append
// (the process or the power died mid-write): without its newline, or damaged
// (a hole of zeros where an unsynced block was lost), it is cut off before
// appending again. A damaged line before it is corruption, reported as such.
// Without checksums that is all this store can tell: a torn write that leaves
// garbage with a newline in it looks like a damaged middle line.
mkdirSync(dir, { recursive: true });
const logPath = join(dir, LOG_NAME);
const logExisted = existsSync(logPath);
const entries = new Map();
let commitsReplayed = 0;
let tornBytesTruncated = 0;
const logText = logExisted ? readFileSync(logPath, 'utf8') : '';
const wholeLines = logText.slice(0, logText.lastIndexOf('\n') + 1).split('\n').slice(0, -1);

/** Refuses to start on a damaged log, naming the place (protocol v1's `fatal`). */
function corrupt(lineNumber, what) {
  send({ type: 'fatal', code: 'CORRUPT', message: `${LOG_NAME} line ${lineNumber} ${what}` });
  process.exit(1);
}

/** The commit record of a log line, or what is wrong with the line. */
function parseCommitLine(line) {
  let commit;
  try {
    commit = JSON.parse(line);
  } catch {
    return 'is not JSON';
  }
  // A damaged line can still be JSON (a flipped bit in a key name): check its shape before using it.
  return isCommitRecord(commit) ? commit : 'is JSON but not a commit record';
}

let keptCharacters = 0;
for (const [index, line] of wholeLines.entries()) {
  const commit = parseCommitLine(line);
  if (typeof commit === 'string') {
    if (index === wholeLines.length - 1) break;
    corrupt(index + 1, commit);
  }
  for (const [key, value] of commit.writes) {
    if (value === null) entries.delete(key);
    else entries.set(key, value);
  }
  commitsReplayed += 1;
  keptCharacters += line.length + 1;
}
const logFd = openSync(logPath, 'a');
// The kept lines are this store's own JSON, valid UTF-8, so their byte length is exact.
const wholeBytes = Buffer.byteLength(logText.slice(0, keptCharacters));
if (fstatSync(logFd).size > wholeBytes) {
  tornBytesTruncated = fstatSync(logFd).size - wholeBytes;
  ftruncateSync(logFd, wholeBytes);
  if (syncCommits) fdatasyncSync(logFd);
}
if (!logExisted && syncCommits) syncDirectory(dir);

const lsn = () => `0/${fstatSync(logFd).size.toString(16).toUpperCase()}`;
send({
  type: 'ready',
  lsn: lsn(),
  recovery: { outcome: tornBytesTruncated > 0 ? 'torn-tail' : 'clean', commitsReplayed, tornBytesTruncated },
});


function handle(request) {
  const id = Number.isSafeInteger(request?.id) ? request.id : null;
  switch (request?.type) {
    case 'commit': {
      if (!Number.isSafeInteger(request.tx) || !Array.isArray(request.writes) || !request.writes.every(isWrite)) {
        return send({ id, type: 'error', code: 'BAD_REQUEST', message: 'a commit needs an integer tx and writes [[key, value|null], ...]' });
      }
      appendFileSync(logFd, `${JSON.stringify({ tx: request.tx, writes: request.writes })}\n`);
      // The bug on purpose: without --fsync, the commit is acknowledged while its bytes are unsynced.
      if (syncCommits) fdatasyncSync(logFd);
      for (const [key, value] of request.writes) {
        if (value === null) entries.delete(key);
        else entries.set(key, value);
      }
      return send({ id, type: 'ack', tx: request.tx, lsn: lsn() });
    }
    case 'get':
      return send({ id, type: 'value', value: entries.get(request.key) ?? null });
    case 'dump':
      return send({ id, type: 'dump', entries: [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)), lsn: lsn() });
    case 'checkpoint':
      if (syncCommits) fdatasyncSync(logFd);
      return send({ id, type: 'ok' });
    case 'close':
      if (syncCommits) fdatasyncSync(logFd);
      closeSync(logFd);
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
