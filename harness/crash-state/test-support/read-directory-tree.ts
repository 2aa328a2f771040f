/** Test helper: reads a real directory tree into the shape of a crash state. */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';

/** Every regular file (relative path -> bytes) and directory (relative, sorted) under `root`. */
export function readDirectoryTree(root: string): { files: Map<string, Uint8Array>; directories: string[] } {
  const files = new Map<string, Uint8Array>();
  const directories: string[] = [];
  const visit = (relative: string): void => {
    for (const entry of fs.readdirSync(nodePath.join(root, relative), { withFileTypes: true })) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        directories.push(path);
        visit(path);
      } else {
        files.set(path, new Uint8Array(fs.readFileSync(nodePath.join(root, path))));
      }
    }
  };
  visit('');
  return { files: new Map([...files].sort(([left], [right]) => (left < right ? -1 : 1))), directories: directories.sort() };
}
