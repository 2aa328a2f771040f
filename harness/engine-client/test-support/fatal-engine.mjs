// An engine for tests whose recovery fails: it says so with a fatal line.
process.stdout.write(JSON.stringify({ type: 'fatal', code: 'CORRUPT', message: 'bad checksum in segment 1 at 4096' }) + '\n');
process.exitCode = 1;
