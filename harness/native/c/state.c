/*
 * The state every traced process shares, the trace writer and the crash point.
 *
 * One ordered trace for a process tree: every process maps the same state file
 * (UNPLUG_NATIVE_STATE) and takes its spin lock around "append the record,
 * count it". The record goes to the trace (opened O_APPEND) with ONE writev(2),
 * so a SIGKILL leaves at most a torn last record, as the trace format expects.
 *
 * The crash point (the rule of harness/shim/crash-point.ts): the index counts
 * file-system records (every kind but output and fault) across the whole tree.
 * The process that appends record N marks the state crashed while it still
 * holds the lock (so no process appends after it), SIGKILLs every registered
 * process (each checked by its start time, so a reused pid is never hit) and
 * then itself.
 *
 * The fault streams live in the shared state too, so a tree of processes draws
 * faults in one global order, as one process would.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include "unplug-native.h"

#define STATE_PIDS_MAX 4096
/* The trace and state descriptors sit high, out of the way of programs that expect low numbers. */
#define TRACE_FD_FLOOR 900
#define STATE_FD_FLOOR 901
#define MAX_STRING_BYTES (16u * 1024 * 1024)

/* Record kind codes (RECORD_KIND_CODES in trace-format.ts). */
enum { K_MKDIR = 1, K_CREATE, K_OPEN, K_WRITE, K_TRUNCATE, K_SYNC, K_SYNC_DIRECTORY, K_RENAME, K_REMOVE, K_OUTPUT, K_FAULT };

struct shared_state {
  int lock;
  int lock_owner_tid;
  int crashed;
  uint32_t pid_count;
  uint64_t operation_count;
  struct { int32_t pid; uint64_t start_time; } pids[STATE_PIDS_MAX];
  struct unplug_fault_state faults[UNPLUG_MAX_FAULTS];
};

static int active;
static struct shared_state *shared;
static int trace_fd = -1;
static int state_fd = -1;
static long long crash_after = -1;

int unplug_active(void) { return active; }
int unplug_is_trace_fd(int fd) { return active && fd >= 0 && (fd == trace_fd || fd == state_fd); }

static pid_t current_tid(void) { return (pid_t)syscall(SYS_gettid); }

/* Field 22 of /proc/<pid>/stat: when the process started, to tell a pid from its reuse. */
static uint64_t start_time_of(pid_t pid) {
  char path[64], buffer[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
  int fd = REAL(int (*)(const char *, int, ...), open)(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = read(fd, buffer, sizeof buffer - 1);
  REAL(int (*)(int), close)(fd);
  if (n <= 0) return 0;
  buffer[n] = '\0';
  char *field = strrchr(buffer, ')');
  if (field == NULL) return 0;
  /* After ") " comes field 3; skip to field 22. */
  for (int i = 3; i < 22 && field; i++) field = strchr(field + 1, ' ');
  return field ? strtoull(field + 1, NULL, 10) : 0;
}

static void lock_state(void) {
  pid_t self = current_tid();
  for (unsigned spins = 0; __atomic_exchange_n(&shared->lock, 1, __ATOMIC_ACQUIRE); spins++) {
    /* A holder killed outside a crash (the harness's own SIGKILL) would hold it forever: take it over. */
    if (spins > 1000 && spins % 1000 == 0) {
      int owner = __atomic_load_n(&shared->lock_owner_tid, __ATOMIC_RELAXED);
      if (owner > 0 && kill(owner, 0) != 0 && errno == ESRCH) break;
    }
    sched_yield();
  }
  __atomic_store_n(&shared->lock_owner_tid, self, __ATOMIC_RELAXED);
}

static void unlock_state(void) {
  __atomic_store_n(&shared->lock_owner_tid, 0, __ATOMIC_RELAXED);
  __atomic_store_n(&shared->lock, 0, __ATOMIC_RELEASE);
}

static void die_now(void) {
  kill(getpid(), SIGKILL);
  for (;;) pause();
}

/* Kills every registered process of the tree, then this one. Called with the lock held. */
static void crash_tree(void) {
  pid_t self = getpid();
  for (uint32_t i = 0; i < shared->pid_count && i < STATE_PIDS_MAX; i++) {
    pid_t pid = shared->pids[i].pid;
    if (pid != self && pid > 0 && start_time_of(pid) == shared->pids[i].start_time) kill(pid, SIGKILL);
  }
  die_now();
}

static void register_process(void) {
  lock_state();
  if (shared->pid_count < STATE_PIDS_MAX) {
    shared->pids[shared->pid_count].pid = getpid();
    shared->pids[shared->pid_count].start_time = start_time_of(getpid());
    shared->pid_count++;
  }
  unlock_state();
}

static uint32_t crc_table[256];

static void init_crc(void) {
  for (uint32_t n = 0; n < 256; n++) {
    uint32_t c = n;
    for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
    crc_table[n] = c;
  }
}

static uint32_t crc_update(uint32_t crc, const void *data, size_t size) {
  const unsigned char *p = data;
  for (size_t i = 0; i < size; i++) crc = crc_table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
  return crc;
}

/* A record under construction: a small head of fixed fields and strings, and an optional data tail. */
struct record {
  unsigned char head[64 + 2 * 4096 + 16];
  size_t head_size;
  const void *tail;
  size_t tail_size;
  int counts;
};

static void put_u8(struct record *r, unsigned v) { r->head[r->head_size++] = (unsigned char)v; }
static void put_u32(struct record *r, uint32_t v) {
  for (int i = 0; i < 4; i++) r->head[r->head_size++] = (unsigned char)(v >> (8 * i));
}
static void put_u64(struct record *r, uint64_t v) {
  put_u32(r, (uint32_t)v);
  put_u32(r, (uint32_t)(v >> 32));
}
static void put_string(struct record *r, const char *s) {
  size_t n = strlen(s);
  if (n > 4096) n = 4096; /* paths are bounded by PATH_MAX */
  put_u32(r, (uint32_t)n);
  memcpy(r->head + r->head_size, s, n);
  r->head_size += n;
}

static void begin(struct record *r, int kind) {
  r->head_size = 8; /* length and checksum are filled in by append() */
  r->tail = NULL;
  r->tail_size = 0;
  r->counts = kind != K_OUTPUT && kind != K_FAULT;
  put_u8(r, (unsigned)kind);
}

/* Appends the record with one writev(2) and counts it; crashes the tree at the crash point. */
static void append(struct record *r) {
  if (!active || trace_fd < 0) {
    if (!active) return;
  }
  if (__atomic_load_n(&shared->lock_owner_tid, __ATOMIC_RELAXED) == current_tid()) return; /* a signal handler re-entered */
  uint32_t length = (uint32_t)(r->head_size - 8 + r->tail_size);
  unsigned char length_bytes[4] = {(unsigned char)length, (unsigned char)(length >> 8), (unsigned char)(length >> 16), (unsigned char)(length >> 24)};
  uint32_t crc = crc_update(0xffffffffu, length_bytes, 4);
  crc = crc_update(crc, r->head + 8, r->head_size - 8);
  if (r->tail_size) crc = crc_update(crc, r->tail, r->tail_size);
  crc ^= 0xffffffffu;
  memcpy(r->head, length_bytes, 4);
  for (int i = 0; i < 4; i++) r->head[4 + i] = (unsigned char)(crc >> (8 * i));
  struct iovec parts[2] = {{r->head, r->head_size}, {(void *)r->tail, r->tail_size}};
  lock_state();
  if (shared->crashed) {
    unlock_state();
    die_now();
  }
  if (trace_fd >= 0) {
    ssize_t (*real_writev)(int, const struct iovec *, int) = REAL(ssize_t (*)(int, const struct iovec *, int), writev);
    size_t total = r->head_size + r->tail_size;
    ssize_t written = real_writev(trace_fd, parts, r->tail_size ? 2 : 1);
    if (written >= 0 && (size_t)written < total) {
      /* Very large records may be split by the kernel; finish them while holding the lock. */
      size_t done = (size_t)written;
      while (done < total) {
        const unsigned char *from = done < r->head_size ? r->head + done : (const unsigned char *)r->tail + (done - r->head_size);
        size_t left = done < r->head_size ? r->head_size - done : total - done;
        ssize_t n = REAL(ssize_t (*)(int, const void *, size_t), write)(trace_fd, from, left);
        if (n <= 0) break;
        done += (size_t)n;
      }
    }
  }
  if (r->counts) {
    uint64_t index = shared->operation_count++;
    if (crash_after >= 0 && index == (uint64_t)crash_after) {
      shared->crashed = 1;
      crash_tree();
    }
  }
  unlock_state();
}

void unplug_record_mkdir(const char *path) { struct record r; begin(&r, K_MKDIR); put_string(&r, path); append(&r); }
void unplug_record_create(uint32_t id, const char *path) { struct record r; begin(&r, K_CREATE); put_u32(&r, id); put_string(&r, path); append(&r); }
void unplug_record_open(uint32_t id, int mode, const char *path) { struct record r; begin(&r, K_OPEN); put_u32(&r, id); put_u8(&r, (unsigned)mode); put_string(&r, path); append(&r); }
void unplug_record_truncate(uint32_t id, uint64_t size) { struct record r; begin(&r, K_TRUNCATE); put_u32(&r, id); put_u64(&r, size); append(&r); }
void unplug_record_sync(uint32_t id, int kind) { struct record r; begin(&r, K_SYNC); put_u32(&r, id); put_u8(&r, (unsigned)kind); append(&r); }
void unplug_record_sync_directory(const char *path) { struct record r; begin(&r, K_SYNC_DIRECTORY); put_string(&r, path); append(&r); }
void unplug_record_rename(const char *s, const char *t) { struct record r; begin(&r, K_RENAME); put_string(&r, s); put_string(&r, t); append(&r); }
void unplug_record_remove(const char *path) { struct record r; begin(&r, K_REMOVE); put_string(&r, path); append(&r); }

void unplug_record_write(uint32_t id, int mode, uint64_t offset, const void *data, size_t size) {
  struct record r;
  begin(&r, K_WRITE);
  put_u32(&r, id);
  put_u8(&r, (unsigned)mode);
  put_u64(&r, offset);
  put_u32(&r, (uint32_t)size);
  r.tail = data;
  r.tail_size = size;
  append(&r);
}

void unplug_record_output(const char *line, size_t size) {
  struct record r;
  begin(&r, K_OUTPUT);
  if (size > MAX_STRING_BYTES) size = MAX_STRING_BYTES;
  put_u32(&r, (uint32_t)size);
  r.tail = line;
  r.tail_size = size;
  append(&r);
}

void unplug_record_fault(const char *fault, const char *operation, const char *path) {
  struct record r;
  begin(&r, K_FAULT);
  put_string(&r, fault);
  put_string(&r, operation);
  put_string(&r, path);
  append(&r);
}

void unplug_decide(enum unplug_op op, const char *relative_path, struct unplug_decision *out) {
  if (!active || unplug_fault_count() == 0) {
    out->delay_ms = 0, out->failure = FAILURE_NONE, out->keep_fraction = 0;
    return;
  }
  lock_state();
  unplug_decide_with(shared->faults, op, relative_path, out);
  unlock_state();
}

void unplug_sleep_ms(double ms) {
  if (ms <= 0) return;
  struct timespec duration = {(time_t)(ms / 1000), (long)((ms - 1000.0 * (time_t)(ms / 1000)) * 1e6)};
  while (nanosleep(&duration, &duration) != 0 && errno == EINTR) {}
}

static void fail_setup(const char *what, const char *value) {
  fprintf(stderr, "unplug native shim: %s '%s': %s\n", what, value, strerror(errno));
  _exit(3);
}

static void after_fork_in_child(void) {
  if (active) register_process();
}

/*
 * The trace and the state file are opened once, by the first traced process,
 * and inherited (not close-on-exec) by every process it starts, which finds
 * them through UNPLUG_NATIVE_TRACE_FD and UNPLUG_NATIVE_STATE_FD: a child that
 * runs as another user (PostgreSQL refuses to run as root) could not open them
 * by path. `check` confirms an inherited descriptor is still ours.
 */
static int inherited_or_opened(const char *fd_variable, const char *path, int flags, int floor, int (*check)(int)) {
  const char *named = getenv(fd_variable);
  if (named != NULL && *named != '\0') {
    int fd = atoi(named);
    struct stat st;
    if (fcntl(fd, F_GETFD) >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && check(fd)) return fd;
  }
  int opened = REAL(int (*)(const char *, int, ...), open)(path, flags | O_CLOEXEC, 0644);
  if (opened < 0) return -1;
  int fd = fcntl(opened, F_DUPFD, floor);
  REAL(int (*)(int), close)(opened);
  if (fd < 0) return -1;
  char value[16];
  snprintf(value, sizeof value, "%d", fd);
  setenv(fd_variable, value, 1);
  return fd;
}

static int is_state_file(int fd) {
  struct stat st;
  return fstat(fd, &st) == 0 && (size_t)st.st_size == sizeof(struct shared_state);
}

static int is_trace_file(int fd) {
  char magic[8];
  return pread(fd, magic, sizeof magic, 0) == (ssize_t)sizeof magic && memcmp(magic, "UNPLUGTR", 8) == 0;
}

__attribute__((constructor)) static void unplug_native_start(void) {
  const char *root = getenv("UNPLUG_NATIVE_ROOT");
  const char *state_path = getenv("UNPLUG_NATIVE_STATE");
  if (root == NULL || *root == '\0' || state_path == NULL) return;
  init_crc();
  struct stat st;
  state_fd = inherited_or_opened("UNPLUG_NATIVE_STATE_FD", state_path, O_RDWR | O_CREAT, STATE_FD_FLOOR, is_state_file);
  if (state_fd < 0) fail_setup("cannot open the state file", state_path);
  if (fstat(state_fd, &st) == 0 && (size_t)st.st_size < sizeof(struct shared_state) && ftruncate(state_fd, sizeof(struct shared_state)) != 0) fail_setup("cannot size the state file", state_path);
  shared = mmap(NULL, sizeof(struct shared_state), PROT_READ | PROT_WRITE, MAP_SHARED, state_fd, 0);
  if (shared == MAP_FAILED) fail_setup("cannot map the state file", state_path);
  const char *crash = getenv("UNPLUG_NATIVE_CRASH_AFTER");
  if (crash != NULL && *crash != '\0') crash_after = strtoll(crash, NULL, 10);
  const char *seed = getenv("UNPLUG_NATIVE_SEED");
  if (unplug_parse_faults(getenv("UNPLUG_NATIVE_FAULTS"), seed ? strtoll(seed, NULL, 10) : 0) < 0) _exit(3);
  const char *trace = getenv("UNPLUG_NATIVE_TRACE");
  if (trace != NULL && *trace != '\0') {
    /* Read-write so an inherited descriptor can be checked for the trace magic. */
    trace_fd = inherited_or_opened("UNPLUG_NATIVE_TRACE_FD", trace, O_RDWR | O_APPEND | O_CREAT, TRACE_FD_FLOOR, is_trace_file);
    if (trace_fd < 0) fail_setup("cannot open the trace", trace);
  }
  active = 1;
  lock_state();
  /* The first process writes the 12-byte file header (magic "UNPLUGTR", version 1, reserved 0). */
  if (trace_fd >= 0 && fstat(trace_fd, &st) == 0 && st.st_size == 0) {
    static const unsigned char header[12] = {'U', 'N', 'P', 'L', 'U', 'G', 'T', 'R', 1, 0, 0, 0};
    if (REAL(ssize_t (*)(int, const void *, size_t), write)(trace_fd, header, sizeof header) != (ssize_t)sizeof header) fail_setup("cannot write the trace header", trace);
  }
  int crashed = shared->crashed;
  unlock_state();
  if (crashed) die_now();
  register_process();
  pthread_atfork(NULL, NULL, after_fork_in_child);
  unplug_adopt_inherited_descriptors();
}
