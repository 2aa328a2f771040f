/*
 * Which paths the shim traces: those under the root, named relative to it
 * ('.' is the root itself), as harness/shim/shim-root.ts does. A path is made
 * absolute against the working directory or the directory descriptor of an
 * *at() call, then normalised lexically ('.', '..', repeated slashes). The root
 * is matched both as given and with its symbolic links resolved, because a
 * program that chdir()s into the root (PostgreSQL does) sees the resolved form.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "unplug-native.h"

static char root_given[PATH_MAX + 1];
static char root_real[PATH_MAX];
static int roots_ready;

/* Normalises an absolute path in place: no '.', no '..', no repeated or trailing slash. */
static void normalise(char *path) {
  char *out = path;
  const char *in = path;
  while (*in) {
    while (*in == '/') in++;
    const char *end = strchr(in, '/');
    size_t n = end ? (size_t)(end - in) : strlen(in);
    if (n == 0) break;
    if (n == 1 && in[0] == '.') {
    } else if (n == 2 && in[0] == '.' && in[1] == '.') {
      while (out > path && *--out != '/') {}
    } else {
      *out++ = '/';
      memmove(out, in, n);
      out += n;
    }
    in += n;
  }
  if (out == path) *out++ = '/';
  *out = '\0';
}

static void prepare_roots(void) {
  if (roots_ready) return;
  const char *root = getenv("UNPLUG_NATIVE_ROOT");
  if (root == NULL) return;
  if (root[0] == '/') snprintf(root_given, sizeof root_given, "%s", root);
  else {
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd) == NULL) return;
    snprintf(root_given, sizeof root_given, "%s/%s", cwd, root);
  }
  normalise(root_given);
  if (realpath(root_given, root_real) == NULL) snprintf(root_real, sizeof root_real, "%s", root_given);
  roots_ready = 1;
}

/* The part of `absolute` below `root`, or NULL. */
static const char *below(const char *absolute, const char *root) {
  size_t n = strlen(root);
  if (strncmp(absolute, root, n) != 0) return NULL;
  if (absolute[n] == '\0') return ".";
  if (strcmp(root, "/") == 0) return absolute + 1;
  return absolute[n] == '/' ? absolute + n + 1 : NULL;
}

/* Writes the root-relative form of `path` (as named through `dirfd`) to `out`; returns 1 when under the root. */
int unplug_relative(int dirfd, const char *path, char *out, size_t out_size) {
  if (!unplug_active() || path == NULL) return 0;
  prepare_roots();
  if (!roots_ready) return 0;
  char absolute[2 * PATH_MAX + 2];
  if (path[0] == '/') snprintf(absolute, sizeof absolute, "%s", path);
  else {
    char base[PATH_MAX];
    if (dirfd == AT_FDCWD) {
      if (getcwd(base, sizeof base) == NULL) return 0;
    } else {
      char link[64];
      snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
      ssize_t n = readlink(link, base, sizeof base - 1);
      if (n <= 0) return 0;
      base[n] = '\0';
    }
    snprintf(absolute, sizeof absolute, "%s/%s", base, path);
  }
  normalise(absolute);
  const char *relative = below(absolute, root_given);
  if (relative == NULL) relative = below(absolute, root_real);
  if (relative == NULL) return 0;
  snprintf(out, out_size, "%s", relative);
  return 1;
}
