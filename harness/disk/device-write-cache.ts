/**
 * The block device's cache mode as the kernel reports it in sysfs
 * (`/sys/class/block/<device>/queue/write_cache`: "write back" or "write
 * through"). A partition has no queue of its own; its parent disk's is used.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Where the kernel lists block devices. */
const SYS_CLASS_BLOCK = '/sys/class/block';

/** Reads a sysfs file, or undefined. */
function readTrimmed(filePath: string): string | undefined {
  try {
    return fs.readFileSync(filePath, 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** The cache mode of the device a mount's source names (e.g. `/dev/vda1`), or undefined when unknown. */
export function deviceWriteCacheMode(mountSource: string): string | undefined {
  if (!mountSource.startsWith('/dev/')) return undefined;
  let deviceName: string;
  try {
    deviceName = path.basename(fs.realpathSync(mountSource));
  } catch {
    return undefined;
  }
  const deviceDirectory = path.join(SYS_CLASS_BLOCK, deviceName);
  return readTrimmed(path.join(deviceDirectory, 'queue', 'write_cache')) ?? readTrimmed(path.join(deviceDirectory, '..', 'queue', 'write_cache'));
}
