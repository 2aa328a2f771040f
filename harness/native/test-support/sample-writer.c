/*
 * A sample program for the native shim's tests: it touches a data directory
 * with every family the shim interposes (open/creat, write/pwrite/writev,
 * stdio, a shared mapping with msync, ftruncate/fallocate, fsync/fdatasync of
 * files and the directory, mkdir/rename/unlink) and forks a child that writes
 * too. Usage: sample-writer <dir> [--no-mmap]. Prints "done" on stdout at the
 * end. --no-mmap leaves the mapping out (strace cannot see writes through one).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

/* Joins dir and name into one of two alternating buffers (rename takes two paths). */
static const char *at(const char *dir, const char *name) {
  static char buffers[2][4096];
  static int next;
  char *buffer = buffers[next++ % 2];
  snprintf(buffer, sizeof buffers[0], "%s/%s", dir, name);
  return buffer;
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  const char *dir = argv[1];
  int fd = open(at(dir, "log"), O_CREAT | O_WRONLY | O_APPEND, 0644);
  if (fd < 0) return 1;
  for (int i = 0; i < 3; i++) {
    char line[32];
    int n = snprintf(line, sizeof line, "record %d\n", i);
    if (write(fd, line, (size_t)n) != n) return 1;
    if (fdatasync(fd) != 0) return 1;
  }
  struct iovec parts[2] = {{"vec", 3}, {"tor\n", 4}};
  if (writev(fd, parts, 2) != 7) return 1;
  fsync(fd);
  close(fd);

  int data = creat(at(dir, "data.tmp"), 0644);
  if (pwrite(data, "hello", 5, 100) != 5) return 1;
  if (ftruncate(data, 4096) != 0) return 1;
  if (fallocate(data, 0, 0, 8192) != 0) return 1;
  fdatasync(data);
  close(data);
  rename(at(dir, "data.tmp"), at(dir, "data"));
  mkdir(at(dir, "sub"), 0755);
  int dfd = open(dir, O_RDONLY | O_DIRECTORY);
  fsync(dfd);
  close(dfd);

  FILE *stream = fopen(at(dir, "sub/stream"), "w");
  if (stream == NULL) return 1;
  fprintf(stream, "through stdio\n");
  fflush(stream);
  fsync(fileno(stream));
  fclose(stream);

  int use_mapping = !(argc > 2 && strcmp(argv[2], "--no-mmap") == 0);
  int mapped = use_mapping ? open(at(dir, "data"), O_RDWR) : -1;
  if (use_mapping) {
    char *map = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, mapped, 0);
    if (map == MAP_FAILED) return 1;
    memcpy(map + 10, "mapped", 6);
    msync(map, 4096, MS_SYNC);
    memcpy(map + 20, "unsynced", 8);
    munmap(map, 4096);
    close(mapped);
  }

  pid_t child = fork();
  if (child == 0) {
    int c = open(at(dir, "child"), O_CREAT | O_WRONLY, 0644);
    write(c, "from the child", 14);
    fsync(c);
    close(c);
    _exit(0);
  }
  waitpid(child, NULL, 0);
  unlink(at(dir, "child"));
  printf("done\n");
  fflush(stdout);
  return 0;
}
