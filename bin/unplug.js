#!/usr/bin/env node
// The `unplug` command: a thin launcher for the compiled CLI, so that child
// processes (`unplug engine`) start from JavaScript without a TypeScript loader.
import { main } from '../dist/harness/cli/main.js';

main(process.argv.slice(2)).then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error) => {
    console.error(`unplug: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 3;
  },
);
