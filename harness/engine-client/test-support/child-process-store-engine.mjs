// A protocol-v1 engine for tests whose storage the Node preload shim cannot see: every
// commit is appended to its log by a child process (`sh -c 'cat >> log'`), the way a
// native addon or a helper binary writes outside node:fs. Durable against process
// crashes (the child has written before the ack), so only the harness's blindness is wrong.
import { spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';

const directory = process.argv[process.argv.indexOf('--dir') + 1];
const log = `${directory}/store.log`;
const state = new Map();
const print = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
const format = (position) => `0/${position.toString(16).toUpperCase()}`;
// Recovery reads the log through a child too: nothing here touches node:fs.
const previous = spawnSync('sh', ['-c', 'cat "$0" 2>/dev/null || true', log], { encoding: 'utf8' }).stdout;
let lsn = 0;
for (const line of previous.split('\n')) {
  if (line === '') continue;
  for (const [key, value] of JSON.parse(line)) value === null ? state.delete(key) : state.set(key, value);
  lsn += 16;
}
print({ type: 'ready', lsn: format(lsn), recovery: {} });
for await (const line of createInterface({ input: process.stdin })) {
  const request = JSON.parse(line);
  if (request.type === 'commit') {
    const appended = spawnSync('sh', ['-c', 'cat >> "$0"', log], { input: `${JSON.stringify(request.writes)}\n` });
    if (appended.status !== 0) {
      print({ id: request.id, type: 'error', code: 'IO', message: `append failed with status ${appended.status}` });
      continue;
    }
    for (const [key, value] of request.writes) value === null ? state.delete(key) : state.set(key, value);
    lsn += 16;
    print({ id: request.id, type: 'ack', tx: request.tx, lsn: format(lsn) });
  } else if (request.type === 'dump') {
    print({ id: request.id, type: 'dump', entries: [...state].sort(([a], [b]) => (a < b ? -1 : 1)), lsn: format(lsn) });
  } else {
    print({ id: request.id, type: 'ok' });
    if (request.type === 'close') process.exit(0);
  }
}
