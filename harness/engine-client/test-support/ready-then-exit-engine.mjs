// A broken engine for tests: prints ready, then exits at once (code 0) instead of serving requests.
process.stdout.write(`${JSON.stringify({ type: 'ready', lsn: '0/0', recovery: {} })}\n`);
process.exit(0);
