/*
 * The interposed sync, size, namespace and descriptor functions.
 *
 * fsync and fdatasync record `sync` (a directory's is `sync-directory`); an
 * injected eio-fsync skips the call, records a fault (the crash-state builder
 * then drops the file's dirty data, Linux semantics) and fails with EIO.
 * sync_file_range is passed through unrecorded: it starts write-back but
 * promises no durability (no metadata, no cache flush). fallocate and
 * posix_fallocate that grow a file record a truncate to the new size (the new
 * range reads as zeros, as a sparse extension does). A rename that leaves the
 * root records a remove; one that enters it from outside is not recorded.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "unplug-native.h"

static int traced_sync(int fd, int sync_kind) {
  int (*real)(int) = sync_kind ? REAL(int (*)(int), fdatasync) : REAL(int (*)(int), fsync);
  struct unplug_descriptor *d = unplug_descriptor(fd);
  if (d == NULL) return real(fd);
  enum unplug_op op = d->is_directory ? OP_SYNC_DIRECTORY : OP_SYNC;
  struct unplug_decision decision;
  unplug_decide(op, d->path, &decision);
  unplug_sleep_ms(decision.delay_ms);
  if (decision.failure == FAILURE_EIO_SYNC) {
    unplug_record_fault("eio-fsync", unplug_op_name(op), d->path);
    errno = EIO;
    return -1;
  }
  if (!d->is_directory) unplug_flush_mappings_of(d->file_id);
  int result = real(fd);
  if (result != 0) return result;
  if (d->is_directory) unplug_record_sync_directory(d->path);
  else unplug_record_sync(d->file_id, sync_kind);
  return result;
}

int fsync(int fd) { return traced_sync(fd, 0); }
int fdatasync(int fd) { return traced_sync(fd, 1); }

/* Runs a size change under the truncate fault rules; returns nonzero when a fault failed it. */
static int truncate_fault(const char *path) {
  struct unplug_decision decision;
  unplug_decide(OP_TRUNCATE, path, &decision);
  unplug_sleep_ms(decision.delay_ms);
  if (decision.failure != FAILURE_EIO_WRITE && decision.failure != FAILURE_ENOSPC) return 0;
  unplug_record_fault(unplug_failure_name(decision.failure), "truncate", path);
  errno = decision.failure == FAILURE_ENOSPC ? ENOSPC : EIO;
  return 1;
}

int ftruncate(int fd, off_t size) {
  struct unplug_descriptor *d = unplug_descriptor(fd);
  if (d != NULL && truncate_fault(d->path)) return -1;
  int result = REAL(int (*)(int, off_t), ftruncate)(fd, size);
  if (result == 0 && d != NULL) unplug_record_truncate(d->file_id, (uint64_t)size);
  return result;
}
int ftruncate64(int fd, off_t size) { return ftruncate(fd, size); }

int truncate(const char *path, off_t size) {
  char relative[PATH_MAX];
  int traced = unplug_relative(AT_FDCWD, path, relative, sizeof relative);
  if (traced && truncate_fault(relative)) return -1;
  int result = REAL(int (*)(const char *, off_t), truncate)(path, size);
  struct stat st;
  if (result == 0 && traced && stat(path, &st) == 0) unplug_record_truncate((uint32_t)st.st_ino, (uint64_t)size);
  return result;
}
int truncate64(const char *path, off_t size) { return truncate(path, size); }

/* Records the growth of a file by an allocation call: a truncate to its new size. */
static void record_growth(int fd, off_t size_before) {
  struct unplug_descriptor *d = unplug_descriptor(fd);
  struct stat st;
  if (d != NULL && fstat(fd, &st) == 0 && st.st_size > size_before) unplug_record_truncate(d->file_id, (uint64_t)st.st_size);
}

static off_t size_of(int fd) {
  struct stat st;
  return unplug_descriptor(fd) != NULL && fstat(fd, &st) == 0 ? st.st_size : 0;
}

int fallocate(int fd, int mode, off_t offset, off_t length) {
  struct unplug_descriptor *d = unplug_descriptor(fd);
  if (d != NULL && truncate_fault(d->path)) return -1;
  off_t before = size_of(fd);
  int result = REAL(int (*)(int, int, off_t, off_t), fallocate)(fd, mode, offset, length);
  if (result == 0) record_growth(fd, before);
  return result;
}
int fallocate64(int fd, int mode, off_t offset, off_t length) { return fallocate(fd, mode, offset, length); }

int posix_fallocate(int fd, off_t offset, off_t length) {
  struct unplug_descriptor *d = unplug_descriptor(fd);
  if (d != NULL && truncate_fault(d->path)) return errno;
  off_t before = size_of(fd);
  int result = REAL(int (*)(int, off_t, off_t), posix_fallocate)(fd, offset, length);
  if (result == 0) record_growth(fd, before);
  return result;
}
int posix_fallocate64(int fd, off_t offset, off_t length) { return posix_fallocate(fd, offset, length); }

/* ---- namespace ---- */

static int traced_renameat(int from_dir, const char *from, int to_dir, const char *to, unsigned flags) {
  char source[PATH_MAX], target[PATH_MAX];
  int source_traced = unplug_relative(from_dir, from, source, sizeof source);
  int target_traced = unplug_relative(to_dir, to, target, sizeof target);
  if (source_traced) {
    struct unplug_decision decision;
    unplug_decide(OP_RENAME, source, &decision);
    unplug_sleep_ms(decision.delay_ms);
    if (decision.failure == FAILURE_ENOSPC) {
      unplug_record_fault("enospc", "rename", source);
      errno = ENOSPC;
      return -1;
    }
  }
  int result = flags ? REAL(int (*)(int, const char *, int, const char *, unsigned), renameat2)(from_dir, from, to_dir, to, flags)
                     : REAL(int (*)(int, const char *, int, const char *), renameat)(from_dir, from, to_dir, to);
  if (result != 0 || !source_traced) return result;
  if (!target_traced) {
    unplug_record_remove(source);
    return result;
  }
  unplug_rename_descriptors(source, target);
  unplug_record_rename(source, target);
  return result;
}

int rename(const char *from, const char *to) { return traced_renameat(AT_FDCWD, from, AT_FDCWD, to, 0); }
int renameat(int fd, const char *from, int to_fd, const char *to) { return traced_renameat(fd, from, to_fd, to, 0); }
int renameat2(int fd, const char *from, int to_fd, const char *to, unsigned flags) { return traced_renameat(fd, from, to_fd, to, flags); }

static int traced_unlinkat(int dirfd, const char *path, int flags) {
  char relative[PATH_MAX];
  int traced = unplug_relative(dirfd, path, relative, sizeof relative);
  if (traced) {
    struct unplug_decision decision;
    unplug_decide(OP_REMOVE, relative, &decision);
    unplug_sleep_ms(decision.delay_ms);
  }
  int result = REAL(int (*)(int, const char *, int), unlinkat)(dirfd, path, flags);
  if (result == 0 && traced) unplug_record_remove(relative);
  return result;
}

int unlink(const char *path) { return traced_unlinkat(AT_FDCWD, path, 0); }
int unlinkat(int dirfd, const char *path, int flags) { return traced_unlinkat(dirfd, path, flags); }
int rmdir(const char *path) { return traced_unlinkat(AT_FDCWD, path, AT_REMOVEDIR); }

static int traced_mkdirat(int dirfd, const char *path, mode_t mode) {
  char relative[PATH_MAX];
  int traced = unplug_relative(dirfd, path, relative, sizeof relative);
  if (traced) {
    struct unplug_decision decision;
    unplug_decide(OP_MKDIR, relative, &decision);
    unplug_sleep_ms(decision.delay_ms);
    if (decision.failure == FAILURE_ENOSPC) {
      unplug_record_fault("enospc", "mkdir", relative);
      errno = ENOSPC;
      return -1;
    }
  }
  int result = REAL(int (*)(int, const char *, mode_t), mkdirat)(dirfd, path, mode);
  if (result == 0 && traced && strcmp(relative, ".") != 0) unplug_record_mkdir(relative);
  return result;
}

int mkdir(const char *path, mode_t mode) { return traced_mkdirat(AT_FDCWD, path, mode); }
int mkdirat(int dirfd, const char *path, mode_t mode) { return traced_mkdirat(dirfd, path, mode); }

/* ---- descriptors ---- */

int close(int fd) {
  if (unplug_is_trace_fd(fd)) return 0; /* a program closing every descriptor must not end the trace */
  unplug_untrack(fd);
  return REAL(int (*)(int), close)(fd);
}

int dup(int fd) {
  int copy = REAL(int (*)(int), dup)(fd);
  if (copy >= 0) unplug_copy_descriptor(fd, copy);
  return copy;
}

int dup2(int fd, int target) {
  if (unplug_is_trace_fd(target)) {
    errno = EBUSY;
    return -1;
  }
  int copy = REAL(int (*)(int, int), dup2)(fd, target);
  if (copy >= 0 && copy != fd) unplug_copy_descriptor(fd, copy);
  return copy;
}

int dup3(int fd, int target, int flags) {
  if (unplug_is_trace_fd(target)) {
    errno = EBUSY;
    return -1;
  }
  int copy = REAL(int (*)(int, int, int), dup3)(fd, target, flags);
  if (copy >= 0) unplug_copy_descriptor(fd, copy);
  return copy;
}

static int traced_fcntl(const char *name, int fd, int command, void *argument) {
  int (*real)(int, int, ...) = strcmp(name, "fcntl64") == 0 ? REAL(int (*)(int, int, ...), fcntl64) : REAL(int (*)(int, int, ...), fcntl);
  int result = real(fd, command, argument);
  if (result < 0) return result;
  if (command == F_DUPFD || command == F_DUPFD_CLOEXEC) unplug_copy_descriptor(fd, result);
  struct unplug_descriptor *d = unplug_descriptor(fd);
  if (command == F_SETFL && d != NULL) d->append = ((long)argument & O_APPEND) != 0;
  return result;
}

int fcntl(int fd, int command, ...) {
  va_list arguments;
  va_start(arguments, command);
  void *argument = va_arg(arguments, void *);
  va_end(arguments);
  return traced_fcntl("fcntl", fd, command, argument);
}

int fcntl64(int fd, int command, ...) {
  va_list arguments;
  va_start(arguments, command);
  void *argument = va_arg(arguments, void *);
  va_end(arguments);
  return traced_fcntl("fcntl64", fd, command, argument);
}
