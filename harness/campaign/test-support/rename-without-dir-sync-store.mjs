// A protocol-v1 store that replaces its state file atomically but forgets the
// directory sync: each commit writes the whole state to `state.tmp`, fsyncs
// it, renames it over `state.json` and acknowledges. A process crash keeps the
// rename (the kernel has it); a power cut may lose it, and with it acknowledged
// commits. Plain Node, no knowledge of unplug. Usage: node ... --dir <path>
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const args = process.argv.slice(2);
const dir = args[args.indexOf('--dir') + 1];
const statePath = join(dir, 'state.json');
const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

const state = new Map(existsSync(statePath) ? JSON.parse(readFileSync(statePath, 'utf8')) : []);
let commits = 0;
const lsn = () => `0/${commits.toString(16).toUpperCase()}`;

function persist() {
  const temporaryPath = join(dir, 'state.tmp');
  const fd = openSync(temporaryPath, 'w');
  writeSync(fd, JSON.stringify([...state]));
  fsyncSync(fd);
  closeSync(fd);
  renameSync(temporaryPath, statePath);
}

send({ type: 'ready', lsn: lsn(), recovery: { entries: state.size } });
for await (const line of createInterface({ input: process.stdin })) {
  const request = JSON.parse(line);
  if (request.type === 'commit') {
    for (const [key, value] of request.writes) value === null ? state.delete(key) : state.set(key, value);
    commits += 1;
    persist();
    send({ id: request.id, type: 'ack', tx: request.tx, lsn: lsn() });
  } else if (request.type === 'dump') {
    send({ id: request.id, type: 'dump', entries: [...state].sort(([a], [b]) => (a < b ? -1 : 1)), lsn: lsn() });
  } else if (request.type === 'get') {
    send({ id: request.id, type: 'value', value: state.get(request.key) ?? null });
  } else {
    send({ id: request.id, type: 'ok' });
    if (request.type === 'close') process.exit(0);
  }
}
