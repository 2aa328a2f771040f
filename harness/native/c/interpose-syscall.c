/*
 * Raw syscall(): some programs (libuv among them) make file-system calls
 * through syscall() instead of the libc wrappers. The calls the shim traces are
 * routed to their interposed wrappers; io_uring_setup fails with ENOSYS, since
 * io_uring file I/O would bypass any interposer (libuv then falls back to its
 * thread pool, which calls the wrappers). Everything else passes through.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdarg.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>
#include "unplug-native.h"

long syscall(long number, ...) {
  va_list arguments;
  va_start(arguments, number);
  long a[6];
  for (int i = 0; i < 6; i++) a[i] = va_arg(arguments, long);
  va_end(arguments);
  if (unplug_active()) {
    switch (number) {
#ifdef SYS_io_uring_setup
      case SYS_io_uring_setup:
        errno = ENOSYS;
        return -1;
#endif
      case SYS_write: return write((int)a[0], (const void *)a[1], (size_t)a[2]);
      case SYS_pwrite64: return pwrite((int)a[0], (const void *)a[1], (size_t)a[2], (off_t)a[3]);
      case SYS_writev: return writev((int)a[0], (const struct iovec *)a[1], (int)a[2]);
      case SYS_pwritev: return pwritev((int)a[0], (const struct iovec *)a[1], (int)a[2], (off_t)a[3]);
      case SYS_fsync: return fsync((int)a[0]);
      case SYS_fdatasync: return fdatasync((int)a[0]);
      case SYS_openat: return openat((int)a[0], (const char *)a[1], (int)a[2], (mode_t)a[3]);
      case SYS_renameat2: return renameat2((int)a[0], (const char *)a[1], (int)a[2], (const char *)a[3], (unsigned)a[4]);
      case SYS_unlinkat: return unlinkat((int)a[0], (const char *)a[1], (int)a[2]);
      case SYS_mkdirat: return mkdirat((int)a[0], (const char *)a[1], (mode_t)a[2]);
      case SYS_ftruncate: return ftruncate((int)a[0], (off_t)a[1]);
      case SYS_close: return close((int)a[0]);
      default: break;
    }
  }
  return REAL(long (*)(long, ...), syscall)(number, a[0], a[1], a[2], a[3], a[4], a[5]);
}
