// A broken engine for tests: fails before it is ready.
process.stderr.write('cannot open data directory: permission denied\n');
process.exit(1);
