// A broken engine for tests: starts and never prints a ready line.
setInterval(() => {}, 1000);
