/*
 * Writes through shared, writable mappings of traced files. The kernel sees
 * such a write only as a dirty page, so the shim keeps a snapshot of each
 * mapping and records what changed since (a write record per changed run of
 * bytes) at msync, at munmap, and before an fsync/fdatasync of the file.
 * msync(MS_SYNC) then records a sync: a change made through a mapping with no
 * msync or fsync stays unsynced. Changes still in a mapping when the process
 * dies are not in the trace (the crash point cuts the trace at a record, so
 * they count as after the crash).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "unplug-native.h"

#define MAPPINGS_MAX 256
/* A bound on the memory the snapshots take. */
#define SNAPSHOT_BYTES_MAX (256u * 1024 * 1024)

struct mapping {
  char *address;
  size_t length;
  off_t offset;
  uint32_t file_id;
  int sync_mode;
  int fd; /* a private duplicate, to learn the file's size (bytes past the end must not be touched) */
  unsigned char *snapshot;
};

static struct mapping mappings[MAPPINGS_MAX];
static size_t snapshot_bytes;
static pthread_mutex_t mappings_lock = PTHREAD_MUTEX_INITIALIZER;

/* Records the bytes of `m` that differ from its snapshot, within [from, to). Called with the lock held. */
static void record_changes(struct mapping *m, size_t from, size_t to) {
  struct stat st;
  if (fstat(m->fd, &st) != 0) return;
  size_t readable = st.st_size > m->offset ? (size_t)(st.st_size - m->offset) : 0;
  if (to > readable) to = readable;
  if (to > m->length) to = m->length;
  size_t i = from;
  while (i < to) {
    if (m->address[i] == (char)m->snapshot[i]) {
      i++;
      continue;
    }
    size_t start = i;
    while (i < to && m->address[i] != (char)m->snapshot[i]) i++;
    memcpy(m->snapshot + start, m->address + start, i - start);
    unplug_record_write(m->file_id, m->sync_mode, (uint64_t)m->offset + start, m->snapshot + start, i - start);
  }
}

void *mmap(void *address, size_t length, int protection, int flags, int fd, off_t offset) {
  void *result = REAL(void *(*)(void *, size_t, int, int, int, off_t), mmap)(address, length, protection, flags, fd, offset);
  struct unplug_descriptor *d = unplug_descriptor(fd);
  if (result == MAP_FAILED || d == NULL || d->is_directory || !(flags & MAP_SHARED) || !(protection & PROT_WRITE)) return result;
  if (snapshot_bytes + length > SNAPSHOT_BYTES_MAX) return result; /* beyond the bound: untracked, see the README */
  pthread_mutex_lock(&mappings_lock);
  for (int i = 0; i < MAPPINGS_MAX; i++) {
    if (mappings[i].address != NULL) continue;
    unsigned char *snapshot = malloc(length);
    int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (snapshot == NULL || copy < 0) {
      free(snapshot);
      break;
    }
    mappings[i] = (struct mapping){result, length, offset, d->file_id, d->sync_mode, copy, snapshot};
    struct stat st;
    size_t readable = fstat(fd, &st) == 0 && st.st_size > offset ? (size_t)(st.st_size - offset) : 0;
    if (readable > length) readable = length;
    memcpy(snapshot, result, readable);
    memset(snapshot + readable, 0, length - readable);
    snapshot_bytes += length;
    break;
  }
  pthread_mutex_unlock(&mappings_lock);
  return result;
}
void *mmap64(void *address, size_t length, int protection, int flags, int fd, off_t offset) { return mmap(address, length, protection, flags, fd, offset); }

/* Calls `each` for every tracked mapping overlapping [address, address + length), with the overlap. */
static void overlapping(char *address, size_t length, void (*each)(struct mapping *, size_t, size_t)) {
  pthread_mutex_lock(&mappings_lock);
  for (int i = 0; i < MAPPINGS_MAX; i++) {
    struct mapping *m = &mappings[i];
    if (m->address == NULL || address >= m->address + m->length || address + length <= m->address) continue;
    size_t from = address > m->address ? (size_t)(address - m->address) : 0;
    size_t to = address + length < m->address + m->length ? (size_t)(address + length - m->address) : m->length;
    each(m, from, to);
  }
  pthread_mutex_unlock(&mappings_lock);
}

static int sync_requested;
static void flush_and_maybe_sync(struct mapping *m, size_t from, size_t to) {
  record_changes(m, from, to);
  if (sync_requested) unplug_record_sync(m->file_id, 1);
}

int msync(void *address, size_t length, int flags) {
  int result = REAL(int (*)(void *, size_t, int), msync)(address, length, flags);
  if (result == 0) {
    sync_requested = (flags & MS_SYNC) != 0;
    overlapping(address, length, flush_and_maybe_sync);
  }
  return result;
}

static void forget(struct mapping *m, size_t from, size_t to) {
  record_changes(m, from, to);
  if (from > 0 || to < m->length) return; /* a partial unmap keeps tracking the rest */
  REAL(int (*)(int), close)(m->fd);
  free(m->snapshot);
  snapshot_bytes -= m->length;
  *m = (struct mapping){0};
}

int munmap(void *address, size_t length) {
  overlapping(address, length, forget);
  return REAL(int (*)(void *, size_t), munmap)(address, length);
}

void unplug_flush_mappings_of(uint32_t file_id) {
  pthread_mutex_lock(&mappings_lock);
  for (int i = 0; i < MAPPINGS_MAX; i++)
    if (mappings[i].address != NULL && mappings[i].file_id == file_id) record_changes(&mappings[i], 0, mappings[i].length);
  pthread_mutex_unlock(&mappings_lock);
}
