#!/usr/bin/env node
// A test engine for the `reopen` capability, served by the adapter kit: a
// JSON-lines log `<dir>/log.jsonl`, one line of [key, value|null] writes per
// commit, appended and fdatasynced before the ack. With `--leak` its open keeps the entries of the
// directories opened before (the bug the harness must catch: a store that
// keeps state in memory across reopen). Usage: reopen-store.mjs --dir <path> [--leak]
import { appendFileSync, closeSync, existsSync, fdatasyncSync, fsyncSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serveProtocol } from 'unplug/adapter';

const leak = process.argv.includes('--leak');
const entries = new Map();
let logFd;

function apply([key, value]) {
  if (value === null) entries.delete(key);
  else entries.set(key, value);
}

await serveProtocol(
  {
    open(dir) {
      if (!leak) entries.clear();
      mkdirSync(dir, { recursive: true });
      const logPath = join(dir, 'log.jsonl');
      const text = existsSync(logPath) ? readFileSync(logPath, 'utf8') : '';
      // One line per commit; an unterminated last line is a torn append, ignored.
      for (const line of text.split('\n').slice(0, -1)) for (const write of JSON.parse(line)) apply(write);
      logFd = openSync(logPath, 'a');
      if (text === '') {
        // The log's name must survive a power cut too.
        const dirFd = openSync(dir, 'r');
        fsyncSync(dirFd);
        closeSync(dirFd);
      }
    },
    commit(_tx, writes) {
      appendFileSync(logFd, `${JSON.stringify(writes)}\n`);
      fdatasyncSync(logFd);
      for (const write of writes) apply(write);
    },
    get: (key) => entries.get(key),
    dump: () => entries,
    close() {
      closeSync(logFd);
    },
  },
  { reopen: true },
);
