#!/usr/bin/env node
// log-directory-store: a tiny protocol-v1 store for the tests of "which rule
// lost the commit". It keeps its commits in `log.d/commits.log`, one JSON line
// each, in a directory it makes at its first start (as Redis 7 makes
// appendonlydir/), and it can leave out one kind of sync:
//
//   node log-directory-store.mjs --dir <path> [--skip dir-sync|file-sync|nothing]
//
// dir-sync: the new directory and the new log are never made durable by
// syncing their parents (lost under strict POSIX; ext4-ordered's journal commit
// at the log's first fdatasync keeps them). file-sync: the directories are
// synced, the log's appends never are (lost under every model).
import { closeSync, existsSync, fdatasyncSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AdapterError, serveProtocol } from 'unplug/adapter';

const argv = process.argv.slice(2);
const skip = argv.includes('--skip') ? argv[argv.indexOf('--skip') + 1] : 'nothing';
const entries = new Map();
let log;

function syncDirectory(path) {
  if (skip === 'dir-sync') return;
  const fd = openSync(path, 'r');
  fsyncSync(fd);
  closeSync(fd);
}

await serveProtocol({
  open(dir) {
    if (!['dir-sync', 'file-sync', 'nothing'].includes(skip)) throw new AdapterError('USAGE', `--skip must be dir-sync, file-sync or nothing, got '${skip}'`);
    const logDirectory = join(dir, 'log.d');
    if (!existsSync(logDirectory)) {
      mkdirSync(logDirectory);
      syncDirectory(dir);
    }
    const path = join(logDirectory, 'commits.log');
    const created = !existsSync(path);
    log = openSync(path, 'a+');
    if (created) syncDirectory(logDirectory);
    // Replay whole lines; a torn last line (a crash mid-append) is cut off.
    const text = readFileSync(path, 'utf8');
    let goodBytes = 0;
    for (const line of text.split('\n').slice(0, -1)) {
      let commit;
      try {
        commit = JSON.parse(line);
      } catch {
        break;
      }
      for (const [key, value] of commit.writes) value === null ? entries.delete(key) : entries.set(key, value);
      goodBytes += Buffer.byteLength(line) + 1;
    }
    if (goodBytes < Buffer.byteLength(text)) ftruncateSync(log, goodBytes);
  },
  commit(tx, writes) {
    writeSync(log, `${JSON.stringify({ tx, writes })}\n`);
    if (skip !== 'file-sync') fdatasyncSync(log);
    for (const [key, value] of writes) value === null ? entries.delete(key) : entries.set(key, value);
  },
  get: (key) => entries.get(key),
  dump: () => entries,
  close() {
    closeSync(log);
  },
});
