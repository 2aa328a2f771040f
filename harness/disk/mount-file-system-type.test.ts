import fs from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { findMount, mountOfDirectory, parseMountInfo } from './mount-file-system-type.js';

const MOUNTINFO = [
  '22 1 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw',
  '30 22 0:26 / /dev/shm rw,nosuid,nodev shared:4 - tmpfs tmpfs rw,size=24684096k',
  '31 22 0:27 / /var/lib/docker/overlay2/x/merged rw master:2 - overlay overlay rw,lowerdir=/a',
  '32 22 0:28 / /mnt/with\\040space rw - xfs /dev/sdb1 rw',
  '33 22 0:29 / /mnt rw - ext4 /dev/sdc rw',
  '34 22 0:30 / /mnt rw - tmpfs tmpfs rw',
].join('\n');

describe('parseMountInfo and findMount', () => {
  const entries = parseMountInfo(MOUNTINFO);

  it('reads the type after the separator, even with optional fields before it', () => {
    expect(entries.map((entry) => entry.fileSystemType)).toEqual(['ext4', 'tmpfs', 'overlay', 'xfs', 'ext4', 'tmpfs']);
  });

  it('picks the longest mount point on whole path components', () => {
    expect(findMount(entries, '/dev/shm/x')?.fileSystemType).toBe('tmpfs');
    expect(findMount(entries, '/dev/shmem')?.fileSystemType).toBe('ext4');
    expect(findMount(entries, '/var/lib/docker/overlay2/x/merged/data')?.fileSystemType).toBe('overlay');
  });

  it('unescapes octal escapes in mount points', () => {
    expect(findMount(entries, '/mnt/with space/db')?.fileSystemType).toBe('xfs');
  });

  it('takes the last of several mounts on one mount point (the one on top)', () => {
    expect(findMount(entries, '/mnt/db')?.fileSystemType).toBe('tmpfs');
  });

  it('skips malformed lines', () => {
    expect(parseMountInfo('garbage\n\n1 2 3')).toEqual([]);
  });
});

describe('mountOfDirectory on this machine', () => {
  it('finds a file system type for the temp dir', () => {
    const mount = mountOfDirectory(os.tmpdir());
    if (!fs.existsSync('/proc/self/mountinfo')) {
      expect(mount).toBeUndefined();
      return;
    }
    expect(mount?.fileSystemType.length ?? 0).toBeGreaterThan(0);
  });
});
