/**
 * Which file system a directory lives on, read from `/proc/self/mountinfo`
 * (Linux). One line per mount (proc(5)):
 *
 *   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 *   |  |  |    |     |     |          |        | |    |         |
 *   id parent  root  mount options    optional - type source    super options
 *         dev        point            fields...
 *
 * The mount point has spaces, tabs, newlines and backslashes escaped as octal
 * (`\040`). The directory's mount is the one whose mount point is the longest
 * path-component prefix of the directory's real path; when several mounts share
 * a mount point the last one listed is on top.
 */
import fs from 'node:fs';

/** Where the kernel lists this process's mounts. */
export const MOUNTINFO_PATH = '/proc/self/mountinfo';

/** One mount, as much of it as the disk check needs. */
export interface MountEntry {
  readonly mountPoint: string;
  readonly fileSystemType: string;
  readonly source: string;
}

/** Undoes mountinfo's octal escapes (`\040` is a space). */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_match, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

/** Parses mountinfo text; malformed lines are skipped (the kernel does not write any). */
export function parseMountInfo(text: string): readonly MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(' ');
    const separator = fields.indexOf('-', 6);
    const mountPoint = fields[4];
    const fileSystemType = fields[separator + 1];
    const source = fields[separator + 2];
    if (separator === -1 || mountPoint === undefined || fileSystemType === undefined) continue;
    entries.push({ mountPoint: unescapeMountField(mountPoint), fileSystemType, source: unescapeMountField(source ?? '') });
  }
  return entries;
}

/** True when `mountPoint` is `directory` or one of its ancestors (by whole path components). */
function containsPath(mountPoint: string, directory: string): boolean {
  if (mountPoint === '/') return directory.startsWith('/');
  return directory === mountPoint || directory.startsWith(`${mountPoint}/`);
}

/** The mount holding `realDirectory` (an absolute path without symlinks), or undefined. */
export function findMount(entries: readonly MountEntry[], realDirectory: string): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const entry of entries) {
    if (!containsPath(entry.mountPoint, realDirectory)) continue;
    if (best === undefined || entry.mountPoint.length >= best.mountPoint.length) best = entry;
  }
  return best;
}

/** The mount of `directory` on this machine, or undefined where mountinfo cannot be read (not Linux). */
export function mountOfDirectory(directory: string): MountEntry | undefined {
  let text: string;
  try {
    text = fs.readFileSync(MOUNTINFO_PATH, 'utf8');
  } catch {
    return undefined;
  }
  return findMount(parseMountInfo(text), fs.realpathSync(directory));
}
