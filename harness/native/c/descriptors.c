/*
 * The descriptor table: for each open descriptor on a file or directory under
 * the root, the file's id (its inode number folded to 32 bits, as the Node
 * shim does, so an fsync through any descriptor covers every write to the
 * file), its root-relative path, and how writes through it sync. A forked
 * child inherits a copy with its memory; after exec the table is rebuilt from
 * /proc/self/fd, so descriptors a program inherits stay traced.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "unplug-native.h"

static struct unplug_descriptor table[UNPLUG_MAX_DESCRIPTORS];
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

struct unplug_descriptor *unplug_descriptor(int fd) {
  if (fd < 0 || fd >= UNPLUG_MAX_DESCRIPTORS || !table[fd].tracked) return NULL;
  return &table[fd];
}

/* The trace's syncMode of open flags: 2 O_SYNC, 1 O_DSYNC, 0 none (O_SYNC includes the O_DSYNC bit on Linux). */
int unplug_sync_mode_of_flags(int flags) {
  if ((flags & O_SYNC) == O_SYNC) return 2;
  if (flags & O_DSYNC) return 1;
  return 0;
}

void unplug_track(int fd, uint32_t file_id, int sync_mode, int append, int is_directory, const char *path) {
  if (fd < 0 || fd >= UNPLUG_MAX_DESCRIPTORS) return;
  pthread_mutex_lock(&table_lock);
  free(table[fd].path);
  table[fd] = (struct unplug_descriptor){1, file_id, sync_mode, append, is_directory, strdup(path)};
  pthread_mutex_unlock(&table_lock);
}

void unplug_untrack(int fd) {
  if (fd < 0 || fd >= UNPLUG_MAX_DESCRIPTORS || !table[fd].tracked) return;
  pthread_mutex_lock(&table_lock);
  free(table[fd].path);
  table[fd] = (struct unplug_descriptor){0};
  pthread_mutex_unlock(&table_lock);
}

void unplug_copy_descriptor(int from, int to) {
  struct unplug_descriptor *d = unplug_descriptor(from);
  if (d == NULL) {
    unplug_untrack(to);
    return;
  }
  unplug_track(to, d->file_id, d->sync_mode, d->append, d->is_directory, d->path);
}

/* After a rename, descriptors on the source (or inside it, for a directory) carry the target's path. */
void unplug_rename_descriptors(const char *source, const char *target) {
  size_t n = strlen(source);
  pthread_mutex_lock(&table_lock);
  for (int fd = 0; fd < UNPLUG_MAX_DESCRIPTORS; fd++) {
    char *path = table[fd].path;
    if (!table[fd].tracked || path == NULL || strncmp(path, source, n) != 0 || (path[n] != '\0' && path[n] != '/')) continue;
    char renamed[2 * PATH_MAX];
    snprintf(renamed, sizeof renamed, "%s%s", target, path + n);
    free(path);
    table[fd].path = strdup(renamed);
  }
  pthread_mutex_unlock(&table_lock);
}

void unplug_adopt_inherited_descriptors(void) {
  DIR *directory = opendir("/proc/self/fd");
  if (directory == NULL) return;
  int own = dirfd(directory);
  for (struct dirent *entry; (entry = readdir(directory)) != NULL;) {
    int fd = atoi(entry->d_name);
    if (entry->d_name[0] == '.' || fd == own || unplug_is_trace_fd(fd)) continue;
    char link[64], target[PATH_MAX], relative[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n <= 0) continue;
    target[n] = '\0';
    struct stat st;
    if (target[0] != '/' || !unplug_relative(AT_FDCWD, target, relative, sizeof relative) || fstat(fd, &st) != 0) continue;
    if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) continue;
    int flags = fcntl(fd, F_GETFL);
    unplug_track(fd, (uint32_t)st.st_ino, unplug_sync_mode_of_flags(flags), (flags & O_APPEND) != 0, S_ISDIR(st.st_mode), relative);
  }
  closedir(directory);
}
