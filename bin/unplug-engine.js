#!/usr/bin/env node
// `unplug engine` without the dispatcher: what the harness starts for each
// reference-engine child (see harness/cli/engine-main.ts). It loads the bundle
// that `npm run build` writes, so a start reads one file, not a hundred.
import { engineMain } from '../dist/bundles/engine-entry.js';

engineMain(process.argv.slice(2)).then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error) => {
    console.error(`unplug engine: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 3;
  },
);
