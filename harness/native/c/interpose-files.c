/*
 * The interposed file functions: each runs the real call, then records what it
 * did (after it completed, before it returns), as the Node preload shim does:
 * an open that creates a file records create then open; O_TRUNC of an existing
 * file adds truncate to 0; read-only descriptors are tracked but not recorded;
 * a write records the offset it landed at (asked of the kernel with lseek, so
 * O_APPEND and shared offsets are exact); writev is one write of the
 * concatenated buffers; fsync/fdatasync of a directory is sync-directory.
 * Faults are decided before the call (fault-decider.c) and injected with the
 * Node shim's semantics. Writes to the protocol's stdout become output records,
 * one per line.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include "unplug-native.h"

typedef int (*openat_fn)(int, const char *, int, ...);

/* ---- protocol output ---- */

static dev_t output_dev;
static ino_t output_ino;
static int output_known;
static char *line_buffer;
static size_t line_size;
static pthread_mutex_t output_lock = PTHREAD_MUTEX_INITIALIZER;
#define LINE_BYTES_MAX (8u * 1024 * 1024)

/* The first traced process names its stdout as the protocol stream; children writing to the same pipe count too. */
__attribute__((constructor(200))) static void identify_output(void) {
  if (getenv("UNPLUG_NATIVE_ROOT") == NULL) return;
  const char *named = getenv("UNPLUG_NATIVE_OUTPUT");
  unsigned long long dev = 0, ino = 0;
  struct stat st;
  if (named != NULL && sscanf(named, "%llu:%llu", &dev, &ino) == 2) {
    output_dev = (dev_t)dev, output_ino = (ino_t)ino, output_known = 1;
  } else if (fstat(1, &st) == 0 && !S_ISREG(st.st_mode)) {
    char value[64];
    snprintf(value, sizeof value, "%llu:%llu", (unsigned long long)st.st_dev, (unsigned long long)st.st_ino);
    setenv("UNPLUG_NATIVE_OUTPUT", value, 1);
    output_dev = st.st_dev, output_ino = st.st_ino, output_known = 1;
  }
}

int unplug_is_output_fd(int fd) {
  if (!output_known || fd != 1 || !unplug_active()) return 0;
  struct stat st;
  return fstat(fd, &st) == 0 && st.st_dev == output_dev && st.st_ino == output_ino;
}

void unplug_output_write(int fd, const void *data, size_t size) {
  (void)fd;
  pthread_mutex_lock(&output_lock);
  const char *bytes = data;
  for (size_t i = 0; i < size; i++) {
    if (bytes[i] == '\n' || line_size >= LINE_BYTES_MAX) {
      unplug_record_output(line_buffer ? line_buffer : "", line_size);
      line_size = 0;
      if (bytes[i] == '\n') continue;
    }
    if (line_buffer == NULL) line_buffer = malloc(LINE_BYTES_MAX);
    if (line_buffer == NULL) break;
    line_buffer[line_size++] = bytes[i];
  }
  pthread_mutex_unlock(&output_lock);
}

/* ---- opens ---- */

static int traced_openat(int dirfd, const char *path, int flags, mode_t mode) {
  openat_fn real_openat = REAL(openat_fn, openat);
  char relative[PATH_MAX];
  if (!unplug_relative(dirfd, path, relative, sizeof relative)) return real_openat(dirfd, path, flags, mode);
  int writable = (flags & O_ACCMODE) != O_RDONLY;
  int creating = (flags & O_CREAT) != 0;
  struct unplug_decision decision;
  unplug_decide(OP_OPEN, relative, &decision);
  unplug_sleep_ms(decision.delay_ms);
  if (decision.failure == FAILURE_ENOSPC && creating) {
    unplug_record_fault("enospc", "open", relative);
    errno = ENOSPC;
    return -1;
  }
  int existed = !creating || faccessat(dirfd, path, F_OK, 0) == 0;
  int fd = real_openat(dirfd, path, flags, mode);
  if (fd < 0) return fd;
  struct stat st;
  int saved = errno;
  if (fstat(fd, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))) return fd;
  uint32_t id = (uint32_t)st.st_ino;
  int sync_mode = unplug_sync_mode_of_flags(flags);
  unplug_track(fd, id, sync_mode, (flags & O_APPEND) != 0, S_ISDIR(st.st_mode), relative);
  if (S_ISDIR(st.st_mode) || !(writable || creating || (flags & O_TRUNC))) return fd;
  if (!existed) unplug_record_create(id, relative);
  unplug_record_open(id, sync_mode, relative);
  if (existed && (flags & O_TRUNC)) unplug_record_truncate(id, 0);
  errno = saved;
  return fd;
}

static mode_t mode_argument(int flags, va_list arguments) {
  return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(arguments, int) : 0;
}

#define OPEN_WRAPPER(name)                                      \
  int name(const char *path, int flags, ...) {                  \
    va_list arguments;                                          \
    va_start(arguments, flags);                                 \
    mode_t mode = mode_argument(flags, arguments);              \
    va_end(arguments);                                          \
    return traced_openat(AT_FDCWD, path, flags, mode);          \
  }
#define OPENAT_WRAPPER(name)                                    \
  int name(int dirfd, const char *path, int flags, ...) {       \
    va_list arguments;                                          \
    va_start(arguments, flags);                                 \
    mode_t mode = mode_argument(flags, arguments);              \
    va_end(arguments);                                          \
    return traced_openat(dirfd, path, flags, mode);             \
  }
OPEN_WRAPPER(open)
OPEN_WRAPPER(open64)
OPENAT_WRAPPER(openat)
OPENAT_WRAPPER(openat64)
int __open_2(const char *path, int flags) { return traced_openat(AT_FDCWD, path, flags, 0); }
int __open64_2(const char *path, int flags) { return traced_openat(AT_FDCWD, path, flags, 0); }
int __openat_2(int dirfd, const char *path, int flags) { return traced_openat(dirfd, path, flags, 0); }
int __openat64_2(int dirfd, const char *path, int flags) { return traced_openat(dirfd, path, flags, 0); }
int creat(const char *path, mode_t mode) { return traced_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode); }
int creat64(const char *path, mode_t mode) { return traced_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode); }

/* ---- writes ---- */

/* Writes `size` bytes of `data` at `offset` (-1: the descriptor's position) through a traced descriptor. */
static ssize_t traced_write(int fd, const void *data, size_t size, off_t offset) {
  struct unplug_descriptor *d = unplug_descriptor(fd);
  if (d == NULL || d->is_directory) {
    ssize_t n = offset < 0 ? REAL(ssize_t (*)(int, const void *, size_t), write)(fd, data, size) : REAL(ssize_t (*)(int, const void *, size_t, off_t), pwrite64)(fd, data, size, offset);
    if (n > 0 && unplug_is_output_fd(fd)) unplug_output_write(fd, data, (size_t)n);
    return n;
  }
  struct unplug_decision decision;
  unplug_decide(OP_WRITE, d->path, &decision);
  unplug_sleep_ms(decision.delay_ms);
  if (decision.failure == FAILURE_EIO_WRITE || decision.failure == FAILURE_ENOSPC) {
    unplug_record_fault(unplug_failure_name(decision.failure), "write", d->path);
    errno = decision.failure == FAILURE_ENOSPC ? ENOSPC : EIO;
    return -1;
  }
  size_t keep = size;
  if (decision.failure == FAILURE_SHORT_WRITE && size > 1) {
    size_t kept = (size_t)((double)size * decision.keep_fraction);
    keep = kept < 1 ? 1 : kept > size - 1 ? size - 1 : kept;
  }
  ssize_t n = offset < 0 ? REAL(ssize_t (*)(int, const void *, size_t), write)(fd, data, keep) : REAL(ssize_t (*)(int, const void *, size_t, off_t), pwrite64)(fd, data, keep, offset);
  if (n <= 0) return n;
  int saved = errno;
  uint64_t landed;
  if (offset >= 0 && !d->append) landed = (uint64_t)offset;
  else if (offset >= 0) {
    struct stat st; /* a positioned write on an O_APPEND descriptor appends on Linux */
    landed = fstat(fd, &st) == 0 ? (uint64_t)st.st_size - (uint64_t)n : 0;
  } else landed = (uint64_t)(lseek(fd, 0, SEEK_CUR) - n);
  unplug_record_write(d->file_id, d->sync_mode, landed, data, (size_t)n);
  if ((size_t)n < size && decision.failure == FAILURE_SHORT_WRITE) unplug_record_fault("short-write", "write", d->path);
  errno = saved;
  return n;
}

ssize_t write(int fd, const void *data, size_t size) { return traced_write(fd, data, size, -1); }
ssize_t pwrite(int fd, const void *data, size_t size, off_t offset) { return traced_write(fd, data, size, offset < 0 ? 0 : offset); }
ssize_t pwrite64(int fd, const void *data, size_t size, off_t offset) { return traced_write(fd, data, size, offset < 0 ? 0 : offset); }

/* A vectored write through a traced descriptor is performed as one write of the concatenated buffers. */
static ssize_t traced_writev(int fd, const struct iovec *vector, int count, off_t offset) {
  struct unplug_descriptor *d = unplug_descriptor(fd);
  if (d == NULL && !unplug_is_output_fd(fd)) {
    if (offset < 0) return REAL(ssize_t (*)(int, const struct iovec *, int), writev)(fd, vector, count);
    return REAL(ssize_t (*)(int, const struct iovec *, int, off_t), pwritev64)(fd, vector, count, offset);
  }
  size_t total = 0;
  for (int i = 0; i < count; i++) total += vector[i].iov_len;
  char *joined = malloc(total ? total : 1);
  if (joined == NULL) {
    errno = ENOMEM;
    return -1;
  }
  size_t at = 0;
  for (int i = 0; i < count; i++) memcpy(joined + at, vector[i].iov_base, vector[i].iov_len), at += vector[i].iov_len;
  ssize_t n = traced_write(fd, joined, total, offset);
  int saved = errno;
  free(joined);
  errno = saved;
  return n;
}

ssize_t writev(int fd, const struct iovec *vector, int count) { return traced_writev(fd, vector, count, -1); }
ssize_t pwritev(int fd, const struct iovec *vector, int count, off_t offset) { return traced_writev(fd, vector, count, offset); }
ssize_t pwritev64(int fd, const struct iovec *vector, int count, off_t offset) { return traced_writev(fd, vector, count, offset); }
ssize_t pwritev2(int fd, const struct iovec *vector, int count, off_t offset, int flags) {
  (void)flags; /* RWF_DSYNC and friends are not modelled: the write is recorded as unsynced, the stricter reading */
  return traced_writev(fd, vector, count, offset);
}
ssize_t pwritev64v2(int fd, const struct iovec *vector, int count, off_t offset, int flags) { return pwritev2(fd, vector, count, offset, flags); }
