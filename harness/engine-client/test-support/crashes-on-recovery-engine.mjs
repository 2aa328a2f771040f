// An engine for tests that starts on an empty directory but dies with an uncaught
// exception whenever its data directory already holds files: every crash state it
// has written to makes its recovery fail (a P4 verdict, not an infrastructure failure).
import { appendFileSync, closeSync, fdatasyncSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const dir = process.argv[process.argv.indexOf('--dir') + 1];
if (readdirSync(dir).length > 0) throw new Error('recovery is not implemented');
const print = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
const state = new Map();
const fd = openSync(join(dir, 'log'), 'a');
print({ type: 'ready', lsn: '0/0', recovery: {} });
for await (const line of createInterface({ input: process.stdin })) {
  const request = JSON.parse(line);
  if (request.type === 'commit') {
    appendFileSync(fd, `${line}\n`);
    fdatasyncSync(fd);
    for (const [key, value] of request.writes) value === null ? state.delete(key) : state.set(key, value);
    print({ id: request.id, type: 'ack', tx: request.tx, lsn: `0/${request.tx}` });
  } else if (request.type === 'dump') {
    print({ id: request.id, type: 'dump', entries: [...state].sort(([a], [b]) => (a < b ? -1 : 1)), lsn: '0/0' });
  } else {
    print({ id: request.id, type: 'ok' });
    if (request.type === 'close') {
      closeSync(fd);
      process.exit(0);
    }
  }
}
