/*
 * stdio streams on traced files. glibc's FILE writes with internal calls no
 * interposer sees (LevelDB writes its log and tables this way), so a stream
 * opened for writing on a path under the root is replaced by a cookie stream
 * (fopencookie) whose write function calls the interposed write(). Such
 * streams have no descriptor of their own for glibc, so fileno() is
 * interposed to return the traced descriptor (programs fsync(fileno(f))).
 * Read-only streams are left to glibc.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "unplug-native.h"

#define COOKIE_STREAMS_MAX 4096

struct cookie {
  int fd;
  FILE *stream;
};

static struct cookie *streams[COOKIE_STREAMS_MAX];
static pthread_mutex_t streams_lock = PTHREAD_MUTEX_INITIALIZER;

static ssize_t cookie_read(void *c, char *buffer, size_t size) { return read(((struct cookie *)c)->fd, buffer, size); }

static ssize_t cookie_write(void *c, const char *buffer, size_t size) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = write(((struct cookie *)c)->fd, buffer + done, size - done);
    if (n <= 0) return done > 0 ? (ssize_t)done : 0; /* stdio treats 0 as an error; errno is kept */
    done += (size_t)n;
  }
  return (ssize_t)done;
}

static int cookie_seek(void *c, off64_t *position, int whence) {
  off_t result = lseek(((struct cookie *)c)->fd, *position, whence);
  if (result < 0) return -1;
  *position = result;
  return 0;
}

static int cookie_close(void *c) {
  struct cookie *cookie = c;
  pthread_mutex_lock(&streams_lock);
  for (int i = 0; i < COOKIE_STREAMS_MAX; i++)
    if (streams[i] == cookie) streams[i] = NULL;
  pthread_mutex_unlock(&streams_lock);
  int result = close(cookie->fd);
  free(cookie);
  return result;
}

static FILE *cookie_stream(int fd, const char *mode) {
  struct cookie *cookie = malloc(sizeof *cookie);
  if (cookie == NULL) return NULL;
  cookie->fd = fd;
  cookie_io_functions_t functions = {cookie_read, cookie_write, cookie_seek, cookie_close};
  FILE *stream = fopencookie(cookie, mode, functions);
  if (stream == NULL) {
    free(cookie);
    return NULL;
  }
  cookie->stream = stream;
  pthread_mutex_lock(&streams_lock);
  for (int i = 0; i < COOKIE_STREAMS_MAX; i++)
    if (streams[i] == NULL) {
      streams[i] = cookie;
      break;
    }
  pthread_mutex_unlock(&streams_lock);
  return stream;
}

/* The open flags of an fopen mode string ("r", "w+", "ab", "we"...). */
static int flags_of_mode(const char *mode) {
  int plus = strchr(mode, '+') != NULL;
  int flags = mode[0] == 'r' ? (plus ? O_RDWR : O_RDONLY) : mode[0] == 'w' ? (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC : (plus ? O_RDWR : O_WRONLY) | O_CREAT | O_APPEND;
  if (strchr(mode, 'e')) flags |= O_CLOEXEC;
  if (strchr(mode, 'x')) flags |= O_EXCL;
  return flags;
}

static FILE *traced_fopen(const char *path, const char *mode, FILE *(*real)(const char *, const char *)) {
  char relative[PATH_MAX];
  int writing = mode[0] == 'w' || mode[0] == 'a' || strchr(mode, '+') != NULL;
  if (!writing || !unplug_relative(AT_FDCWD, path, relative, sizeof relative)) return real(path, mode);
  int fd = open(path, flags_of_mode(mode), 0666);
  if (fd < 0) return NULL;
  FILE *stream = cookie_stream(fd, mode);
  if (stream == NULL) close(fd);
  return stream;
}

FILE *fopen(const char *path, const char *mode) { return traced_fopen(path, mode, REAL(FILE * (*)(const char *, const char *), fopen)); }
FILE *fopen64(const char *path, const char *mode) { return traced_fopen(path, mode, REAL(FILE * (*)(const char *, const char *), fopen64)); }

FILE *fdopen(int fd, const char *mode) {
  struct unplug_descriptor *d = unplug_descriptor(fd);
  int writing = mode[0] == 'w' || mode[0] == 'a' || strchr(mode, '+') != NULL;
  if (d == NULL || d->is_directory || !writing) return REAL(FILE * (*)(int, const char *), fdopen)(fd, mode);
  return cookie_stream(fd, mode);
}

static int cookie_fd(FILE *stream) {
  int fd = -1;
  pthread_mutex_lock(&streams_lock);
  for (int i = 0; i < COOKIE_STREAMS_MAX; i++)
    if (streams[i] != NULL && streams[i]->stream == stream) {
      fd = streams[i]->fd;
      break;
    }
  pthread_mutex_unlock(&streams_lock);
  return fd;
}

int fileno(FILE *stream) {
  int fd = unplug_active() ? cookie_fd(stream) : -1;
  return fd >= 0 ? fd : REAL(int (*)(FILE *), fileno)(stream);
}

int fileno_unlocked(FILE *stream) {
  int fd = unplug_active() ? cookie_fd(stream) : -1;
  return fd >= 0 ? fd : REAL(int (*)(FILE *), fileno_unlocked)(stream);
}
