/*
 * An fsync-bound loop for the native shim's cost benchmark: `iterations`
 * times, write `bytes` bytes at the end of <dir>/loop and fdatasync it; prints
 * the loop's wall time in microseconds (process start-up excluded).
 * Usage: fsync-loop <dir> <iterations> <bytes> [nosync]   (nosync: writes only,
 * which isolates the per-call cost of recording from the disk)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 4) return 2;
  char path[4096];
  snprintf(path, sizeof path, "%s/loop", argv[1]);
  int iterations = atoi(argv[2]);
  size_t bytes = (size_t)atol(argv[3]);
  char *buffer = malloc(bytes);
  memset(buffer, 'x', bytes);
  int sync = !(argc > 4 && strcmp(argv[4], "nosync") == 0);
  int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
  if (fd < 0) return 1;
  struct timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (int i = 0; i < iterations; i++) {
    if (write(fd, buffer, bytes) != (ssize_t)bytes || (sync && fdatasync(fd) != 0)) return 1;
  }
  clock_gettime(CLOCK_MONOTONIC, &end);
  printf("%lld\n", (long long)(end.tv_sec - start.tv_sec) * 1000000LL + (end.tv_nsec - start.tv_nsec) / 1000);
  close(fd);
  return 0;
}
