/*
 * unplug's native LD_PRELOAD shim: shared declarations.
 *
 * The shim records every file-system operation a process tree makes under one
 * root directory into unplug's trace (format: harness/trace/trace-format.ts,
 * written here byte for byte), injects the faults the harness asked for, and
 * SIGKILLs the whole traced tree right after the N-th recorded operation.
 *
 * Configuration comes from environment variables the harness sets
 * (harness/native/native-environment.ts writes them):
 *   UNPLUG_NATIVE_ROOT         the traced directory (absent: the shim does nothing)
 *   UNPLUG_NATIVE_TRACE        the trace file (optional)
 *   UNPLUG_NATIVE_STATE        a file shared by every traced process: lock, operation count, pids
 *   UNPLUG_NATIVE_CRASH_AFTER  the 0-based crash point (optional)
 *   UNPLUG_NATIVE_SEED         the run's seed (decimal)
 *   UNPLUG_NATIVE_FAULTS       the faults, one per line (format: fault-decider.c)
 *   UNPLUG_NATIVE_OUTPUT       "dev:ino" of the protocol stdout; set by the first process
 */
#ifndef UNPLUG_NATIVE_H
#define UNPLUG_NATIVE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Operation kinds in the order of SHIM_OPERATION_KINDS (harness/shim/fault-decider.ts). */
enum unplug_op { OP_OPEN, OP_WRITE, OP_TRUNCATE, OP_SYNC, OP_SYNC_DIRECTORY, OP_RENAME, OP_REMOVE, OP_MKDIR, OP_READ, OP_COUNT };

enum unplug_failure { FAILURE_NONE, FAILURE_EIO_SYNC, FAILURE_EIO_WRITE, FAILURE_ENOSPC, FAILURE_SHORT_WRITE };

/* What to do to one operation. */
struct unplug_decision {
  double delay_ms;
  enum unplug_failure failure;
  double keep_fraction;
};

#define UNPLUG_MAX_FAULTS 64

/* The evolving state of one fault: its random stream and how many operations matched it. */
struct unplug_fault_state {
  uint32_t words[4];
  uint64_t matching_count;
  uint32_t initialized;
};

/* fault-decider.c */
int unplug_parse_faults(const char *text, int64_t seed);
int unplug_fault_count(void);
void unplug_decide_with(struct unplug_fault_state *states, enum unplug_op op, const char *relative_path, struct unplug_decision *out);
const char *unplug_failure_name(enum unplug_failure failure);
const char *unplug_op_name(enum unplug_op op);
int unplug_glob_match(const char *pattern, const char *text);

/* state.c: the shared state, the trace and the crash point */
int unplug_active(void);
void unplug_record_mkdir(const char *path);
void unplug_record_create(uint32_t file_id, const char *path);
void unplug_record_open(uint32_t file_id, int sync_mode, const char *path);
void unplug_record_write(uint32_t file_id, int sync_mode, uint64_t offset, const void *data, size_t size);
void unplug_record_truncate(uint32_t file_id, uint64_t size);
void unplug_record_sync(uint32_t file_id, int sync_kind);
void unplug_record_sync_directory(const char *path);
void unplug_record_rename(const char *source, const char *target);
void unplug_record_remove(const char *path);
void unplug_record_output(const char *line, size_t size);
void unplug_record_fault(const char *fault, const char *operation, const char *path);
void unplug_decide(enum unplug_op op, const char *relative_path, struct unplug_decision *out);
void unplug_sleep_ms(double ms);
int unplug_is_trace_fd(int fd);

/* paths.c */
int unplug_relative(int dirfd, const char *path, char *out, size_t out_size);

/* descriptors.c */
struct unplug_descriptor {
  int tracked;
  uint32_t file_id;
  int sync_mode;
  int append;
  int is_directory;
  char *path;
};
#define UNPLUG_MAX_DESCRIPTORS 65536
struct unplug_descriptor *unplug_descriptor(int fd);
void unplug_track(int fd, uint32_t file_id, int sync_mode, int append, int is_directory, const char *path);
void unplug_untrack(int fd);
void unplug_copy_descriptor(int from, int to);
void unplug_rename_descriptors(const char *source, const char *target);
void unplug_adopt_inherited_descriptors(void);
int unplug_sync_mode_of_flags(int flags);

/* interpose-files.c */
void unplug_output_write(int fd, const void *data, size_t size);
int unplug_is_output_fd(int fd);

/* interpose-mmap.c */
void unplug_flush_mappings_of(uint32_t file_id);

/* The real libc function behind an interposed name, looked up once per call site. */
#define REAL(type, name) ({ static __typeof__(type) real_; if (real_ == NULL) real_ = (type)dlsym(RTLD_NEXT, #name); real_; })

#endif
