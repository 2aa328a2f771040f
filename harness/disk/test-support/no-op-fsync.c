/*
 * A test-only stand-in for libeatmydata: preloaded with LD_PRELOAD, it makes
 * fsync and fdatasync return success without flushing anything. The disk
 * check's tests build it with `cc -shared -fPIC` and prove that `unplug disk`
 * flags a process running under it.
 */
int fsync(int fd) {
  (void)fd;
  return 0;
}

int fdatasync(int fd) {
  (void)fd;
  return 0;
}
