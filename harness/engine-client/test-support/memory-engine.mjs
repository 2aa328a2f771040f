// A minimal protocol-v1 engine for tests: keeps its state in memory, acks at once.
import { createInterface } from 'node:readline';

const state = new Map();
let lsn = 0;
const print = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
const format = (position) => `0/${position.toString(16).toUpperCase()}`;
print({ type: 'ready', lsn: format(lsn), recovery: {} });
for await (const line of createInterface({ input: process.stdin })) {
  const request = JSON.parse(line);
  if (request.type === 'commit') {
    for (const [key, value] of request.writes) value === null ? state.delete(key) : state.set(key, value);
    lsn += 16;
    print({ id: request.id, type: 'ack', tx: request.tx, lsn: format(lsn) });
  } else if (request.type === 'dump' && process.argv.includes('--hang-dump')) {
    // never answers: a hung engine
  } else if (request.type === 'dump') {
    print({ id: request.id, type: 'dump', entries: [...state].sort(([a], [b]) => (a < b ? -1 : 1)), lsn: format(lsn) });
  } else {
    print({ id: request.id, type: 'ok' });
    if (request.type === 'close') process.exit(0);
  }
}
