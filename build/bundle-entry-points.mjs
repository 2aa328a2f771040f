// Bundles the entry points that unplug starts many times per campaign into
// single files under dist/bundles/, after tsc has compiled dist/: the Node
// preload shim (loaded into every traced Node engine) and the reference
// engine's child entry. Node 20 loads ES modules one file at a time, and these
// entries import dozens of them: bundled, a traced engine starts about 20 ms
// sooner and a reference-engine child about 45 ms sooner. Packages stay
// external; everything else a bundle needs is inside it. esbuild is used
// because it bundles ES modules with top-level await exactly and in
// milliseconds; nothing else here needs it.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'bundles');
// Chunks are content-hashed: without a clean slate, every build would leave the last one's behind.
rmSync(outdir, { recursive: true, force: true });

await build({
  entryPoints: {
    preload: join(root, 'dist', 'harness', 'preload', 'register.js'),
    'engine-entry': join(root, 'dist', 'harness', 'cli', 'engine-main.js'),
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});
