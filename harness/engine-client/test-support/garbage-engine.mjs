// A broken engine for tests: prints a log line where the protocol expects ready.
process.stdout.write('starting engine v1.2.3...\n');
setInterval(() => {}, 1000);
