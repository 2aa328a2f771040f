// A tiny traced program for the crash-point test: it composes the shim stack
// (compiled code from dist/, as a real engine process would) over the real file
// system, configured by UNPLUG_SHIM, and does a fixed sequence of operations.
// Run with `npm run build` done first.
import { NodeFileSystem } from '../../../dist/engine/fs/node-file-system.js';
import { composeShimFileSystem } from '../../../dist/harness/shim/compose-shim-file-system.js';

const config = JSON.parse(process.env.UNPLUG_SHIM ?? '');
const stack = composeShimFileSystem(new NodeFileSystem(), config);
const fileSystem = stack.fileSystem;
const root = config.root;

fileSystem.mkdirAll(`${root}/wal`);
const segment = fileSystem.open(`${root}/wal/segment.tmp`, { create: true });
for (let commit = 0; commit < 8; commit += 1) {
  segment.append(new TextEncoder().encode(`commit ${commit}\n`));
  segment.sync('fdatasync');
  stack.recordOutput(JSON.stringify({ id: commit, type: 'ack' }));
}
segment.close();
fileSystem.rename(`${root}/wal/segment.tmp`, `${root}/wal/segment`);
fileSystem.syncDirectory(`${root}/wal`);
stack.close();
process.stdout.write('done\n');
