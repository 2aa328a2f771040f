#!/usr/bin/env node
// forgetful-store: a tiny append-only key/value store that speaks unplug's
// protocol v1 (docs/protocol.md) and FORGETS TO FSYNC. Each commit is one
// JSON line appended to `<dir>/store.log`, and the commit is acknowledged at
// once: the bytes are only in the kernel's page cache, so a power cut loses
// acknowledged commits. A plain kill -9 does not (the page cache survives the
// process), which is why unplug traces the program and builds power-loss crash
// states from the trace. `--fsync` makes it correct (fdatasync before each ack,
// and a directory fsync after creating the log), to show the difference.
//
// The store is plain node:fs and knows nothing of unplug's internals: it stands
// for "an unmodified Node program". The protocol (framing, ids, errors, limits)
// is the adapter kit's job. Usage: node forgetful-store.mjs --dir <path> [--fsync]
import { closeSync, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, appendFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { AdapterError, serveProtocol } from 'unplug/adapter';

const LOG_NAME = 'store.log';
const syncCommits = process.argv.slice(2).includes('--fsync');

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

const entries = new Map();
let logFd;

function apply(writes) {
  for (const [key, value] of writes) {
    if (value === null) entries.delete(key);
    else entries.set(key, value);
  }
}

await serveProtocol({
  // Recovery: replay every whole line. Only the last line can be a torn append
  // (the process or the power died mid-write): without its newline, or damaged
  // (a hole of zeros where an unsynced block was lost), it is cut off before
  // appending again. A damaged line before it is corruption, reported as such.
  // Without checksums that is all this store can tell: a torn write that leaves
  // garbage with a newline in it looks like a damaged middle line.
  open(dir) {
    // Served with `reopen`, open runs again in the same process: start from nothing.
    entries.clear();
    mkdirSync(dir, { recursive: true });
    const logPath = join(dir, LOG_NAME);
    const logExisted = existsSync(logPath);
    const logText = logExisted ? readFileSync(logPath, 'utf8') : '';
    const wholeLines = logText.slice(0, logText.lastIndexOf('\n') + 1).split('\n').slice(0, -1);
    let commitsReplayed = 0;
    let keptCharacters = 0;
    for (const [index, line] of wholeLines.entries()) {
      const commit = parseCommitLine(line);
      if (typeof commit === 'string') {
        if (index === wholeLines.length - 1) break;
        throw new AdapterError('CORRUPT', `${LOG_NAME} line ${index + 1} ${commit}`);
      }
      apply(commit.writes);
      commitsReplayed += 1;
      keptCharacters += line.length + 1;
    }
    logFd = openSync(logPath, 'a');
    // The kept lines are this store's own JSON, valid UTF-8, so their byte length is exact.
    const wholeBytes = Buffer.byteLength(logText.slice(0, keptCharacters));
    let tornBytesTruncated = 0;
    if (fstatSync(logFd).size > wholeBytes) {
      tornBytesTruncated = fstatSync(logFd).size - wholeBytes;
      ftruncateSync(logFd, wholeBytes);
      if (syncCommits) fdatasyncSync(logFd);
    }
    if (!logExisted && syncCommits) syncDirectory(dir);
    return { recovery: { outcome: tornBytesTruncated > 0 ? 'torn-tail' : 'clean', commitsReplayed, tornBytesTruncated } };
  },
  commit(tx, writes) {
    appendFileSync(logFd, `${JSON.stringify({ tx, writes })}\n`);
    // The bug on purpose: without --fsync, the commit is acknowledged while its bytes are unsynced.
    if (syncCommits) fdatasyncSync(logFd);
    apply(writes);
  },
  get: (key) => entries.get(key),
  dump: () => entries,
  checkpoint() {
    if (syncCommits) fdatasyncSync(logFd);
  },
  close() {
    if (syncCommits) fdatasyncSync(logFd);
    closeSync(logFd);
  },
  lsn: () => `0/${fstatSync(logFd).size.toString(16).toUpperCase()}`,
}, { usage: 'usage: forgetful-store.mjs --dir <path> [--fsync]', reopen: true });
