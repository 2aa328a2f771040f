// serve-protocol: the protocol-v1 loop shared by the adapters in this folder
// (SQLite, PostgreSQL, Redis, LevelDB). It reads request lines on stdin,
// hands each to the adapter's backend one at a time (the engines behind these
// adapters take one statement at a time over one connection), and writes one
// response line per request on stdout. Plain Node, nothing from unplug: an
// adapter is what a user writes for their own engine.
//
// A backend is { commit(writes) -> lsn, get(key) -> value|null,
// dump() -> [[key, value], ...] sorted by key, checkpoint(), close() }; each
// may return a promise. A commit that throws is answered with an error (its
// fate unknown), and the adapter exits: a storage engine that failed a commit
// is not trusted with the next one.

/** The longest request line accepted, as protocol v1's reference host. */
const MAX_LINE_BYTES = 8 * 1024 * 1024;

/** Writes one protocol line. */
export function send(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** Reports a failure to start (usage, a missing program, recovery refused) and exits with `exitCode`. */
export function fatal(code, message, exitCode = 1) {
  send({ type: 'fatal', code, message });
  process.exit(exitCode);
}

/** The value of `--name` in argv, `fallback` when absent; exits with a fatal USAGE line when not one of `allowed`. */
export function option(argv, name, fallback, allowed) {
  const index = argv.indexOf(`--${name}`);
  const value = index === -1 ? fallback : argv[index + 1];
  if (value === undefined || (allowed !== undefined && !allowed.includes(value))) {
    fatal('USAGE', `--${name} must be one of ${allowed?.join(', ') ?? 'a value'}, got '${value}'`, 2);
  }
  return value;
}

/** Serves protocol v1 on stdin/stdout with `backend`, after printing ready. */
export function serve(backend) {
  let lsnCounter = 0;
  let pending = Promise.resolve();
  let buffered = '';
  send({ type: 'ready', lsn: '0/0' });
  const answer = async (request) => {
    const { id } = request;
    switch (request.type) {
      case 'commit':
        try {
          await backend.commit(request.writes);
        } catch (error) {
          send({ id, type: 'error', tx: request.tx, code: 'EIO', message: String(error?.message ?? error) });
          process.exit(1);
        }
        lsnCounter += 1;
        send({ id, type: 'ack', tx: request.tx, lsn: `0/${lsnCounter.toString(16).toUpperCase()}` });
        return;
      case 'get':
        send({ id, type: 'value', value: await backend.get(request.key) });
        return;
      case 'dump':
        send({ id, type: 'dump', entries: await backend.dump(), lsn: `0/${lsnCounter.toString(16).toUpperCase()}` });
        return;
      case 'checkpoint':
        await backend.checkpoint();
        send({ id, type: 'ok' });
        return;
      case 'close':
        await backend.close();
        send({ id, type: 'ok' });
        process.exit(0);
        return;
      default:
        send({ id: id ?? null, type: 'error', code: 'BAD_REQUEST', message: `unknown request type '${request.type}'` });
    }
  };
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => {
    buffered += chunk;
    if (buffered.length > MAX_LINE_BYTES && !buffered.includes('\n')) fatal('LINE_TOO_LONG', `a request line is longer than ${MAX_LINE_BYTES} bytes`);
    let newline;
    while ((newline = buffered.indexOf('\n')) !== -1) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.trim() === '') continue;
      let request;
      try {
        request = JSON.parse(line);
      } catch {
        send({ id: null, type: 'error', code: 'BAD_REQUEST', message: 'request is not JSON' });
        continue;
      }
      pending = pending.then(() => answer(request));
    }
  });
  process.stdin.on('end', () => {
    void pending.then(async () => {
      await backend.close();
      process.exit(0);
    });
  });
}
