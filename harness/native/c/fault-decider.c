/*
 * The fault decider, mirrored from harness/shim/fault-decider.ts so that the
 * native shim and the Node shims inject the same faults for the same seed and
 * config (a test feeds both the same operations and compares every decision).
 *
 * Mirrored pieces: the sfc32 generator seeded through splitmix32 with its
 * fork(label) (harness/random/random.ts), the path glob
 * (harness/shim/path-glob.ts), and the decision rule: each fault counts its
 * own matching operations and draws from its own stream; the first failure in
 * the list wins; latencies add up, each capped, the sum by MAX_INJECTED_DELAY_MS.
 *
 * UNPLUG_NATIVE_FAULTS holds one fault per line, fields separated by tabs,
 * already validated by the harness (harness/native/native-faults.ts writes it):
 *
 *   kind  operationMask  matchIndex  probability  keepFraction  distribution  meanMs  capMs  pathPattern
 *   eio-fsync  8  -1  1  0  fixed  0  0  wal/ **
 *
 * operationMask has bit i set for operation kind i (enum unplug_op);
 * matchIndex -1 means "by probability"; distribution is fixed or exponential;
 * pathPattern may be empty (every path).
 */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unplug-native.h"

#define MAX_INJECTED_DELAY_MS 60000.0
#define MAX_PATTERN_BYTES 1024

enum fault_kind { KIND_EIO_SYNC, KIND_EIO_WRITE, KIND_ENOSPC, KIND_SHORT_WRITE, KIND_LATENCY };

struct fault {
  enum fault_kind kind;
  unsigned operation_mask;
  long long match_index;
  double probability;
  double keep_fraction;
  int exponential;
  double mean_ms;
  double cap_ms;
  char pattern[MAX_PATTERN_BYTES + 1];
  uint32_t seed_words[4];
};

static struct fault faults[UNPLUG_MAX_FAULTS];
static int fault_count;

/* ---- random.ts, step for step ---- */

static uint32_t splitmix_next(uint32_t *state) {
  *state += 0x9e3779b9u;
  uint32_t z = *state;
  z = (z ^ (z >> 16)) * 0x21f0aaadu;
  z = (z ^ (z >> 15)) * 0x735a2d97u;
  return z ^ (z >> 15);
}

static uint32_t sfc32_next(uint32_t *w) {
  uint32_t t = w[0] + w[1] + w[3];
  w[3] += 1;
  w[0] = w[1] ^ (w[1] >> 9);
  w[1] = w[2] + (w[2] << 3);
  w[2] = ((w[2] << 21) | (w[2] >> 11)) + t;
  return t;
}

/* Seeds `seed_words` (kept for forks) and the running state `w`, as createFromWords does. */
static void from_words(uint32_t low, uint32_t high, uint32_t *seed_words, uint32_t *w) {
  uint32_t mixer = low ^ (high * 0x9e3779b9u);
  seed_words[0] = splitmix_next(&mixer);
  seed_words[1] = splitmix_next(&mixer);
  seed_words[2] = splitmix_next(&mixer);
  seed_words[3] = high ^ splitmix_next(&mixer);
  memcpy(w, seed_words, 4 * sizeof(uint32_t));
  for (int round = 0; round < 12; round++) sfc32_next(w);
}

static double next_float(uint32_t *w) {
  double upper = (double)(sfc32_next(w) >> 11);
  double lower = (double)sfc32_next(w);
  return (upper * 4294967296.0 + lower) / 9007199254740992.0;
}

static uint32_t fnv1a32(const char *text) {
  uint32_t hash = 0x811c9dc5u;
  for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
    hash ^= *c;
    hash *= 0x01000193u;
  }
  return hash;
}

/* ---- path-glob.ts: '**' + '/' is any directory prefix (or none), '**' anything, '*' and '?' stay in one component ---- */

int unplug_glob_match(const char *p, const char *s) {
  if (*p == '\0') return *s == '\0';
  if (p[0] == '*' && p[1] == '*') {
    if (p[2] == '/') {
      if (unplug_glob_match(p + 3, s)) return 1;
      for (const char *c = s; *c; c++)
        if (*c == '/' && unplug_glob_match(p + 3, c + 1)) return 1;
      return 0;
    }
    for (const char *c = s;; c++) {
      if (unplug_glob_match(p + 2, c)) return 1;
      if (*c == '\0') return 0;
    }
  }
  if (*p == '*') {
    for (const char *c = s;; c++) {
      if (unplug_glob_match(p + 1, c)) return 1;
      if (*c == '\0' || *c == '/') return 0;
    }
  }
  if (*p == '?') return *s != '\0' && *s != '/' && unplug_glob_match(p + 1, s + 1);
  return *p == *s && unplug_glob_match(p + 1, s + 1);
}

/* ---- config ---- */

static int parse_kind(const char *name, enum fault_kind *kind) {
  static const char *const names[] = {"eio-fsync", "eio-write", "enospc", "short-write", "latency"};
  for (int i = 0; i < 5; i++)
    if (strcmp(name, names[i]) == 0) {
      *kind = (enum fault_kind)i;
      return 0;
    }
  return -1;
}

/* Parses the fault lines; returns the count, or -1 naming the bad line on stderr. */
int unplug_parse_faults(const char *text, int64_t seed) {
  fault_count = 0;
  if (text == NULL) return 0;
  uint32_t root_seed[4], root_state[4];
  from_words((uint32_t)(seed % 4294967296LL), (uint32_t)(seed >> 32), root_seed, root_state);
  const char *line = text;
  while (*line && fault_count < UNPLUG_MAX_FAULTS) {
    const char *end = strchr(line, '\n');
    size_t length = end ? (size_t)(end - line) : strlen(line);
    char buffer[MAX_PATTERN_BYTES + 256];
    if (length >= sizeof buffer) return -1;
    memcpy(buffer, line, length);
    buffer[length] = '\0';
    line += length + (end ? 1 : 0);
    if (length == 0) continue;
    struct fault *f = &faults[fault_count];
    char *fields[9];
    char *cursor = buffer;
    for (int i = 0; i < 9; i++) {
      fields[i] = cursor;
      char *tab = i < 8 ? strchr(cursor, '\t') : NULL;
      if (i < 8 && tab == NULL) {
        fprintf(stderr, "unplug native shim: UNPLUG_NATIVE_FAULTS line %d has fewer than 9 fields\n", fault_count + 1);
        return -1;
      }
      if (tab) *tab = '\0', cursor = tab + 1;
    }
    if (parse_kind(fields[0], &f->kind) != 0) {
      fprintf(stderr, "unplug native shim: unknown fault kind '%s'\n", fields[0]);
      return -1;
    }
    f->operation_mask = (unsigned)strtoul(fields[1], NULL, 10);
    f->match_index = strtoll(fields[2], NULL, 10);
    f->probability = strtod(fields[3], NULL);
    f->keep_fraction = strtod(fields[4], NULL);
    f->exponential = strcmp(fields[5], "exponential") == 0;
    f->mean_ms = strtod(fields[6], NULL);
    f->cap_ms = strtod(fields[7], NULL);
    snprintf(f->pattern, sizeof f->pattern, "%s", fields[8]);
    /* seedRandom.fork(`fault-${index}`) */
    char label[32];
    snprintf(label, sizeof label, "fault-%d", fault_count);
    uint32_t h = fnv1a32(label);
    uint32_t child_low = root_seed[0] ^ h ^ (root_seed[2] * 0x85ebca6bu);
    uint32_t child_high = root_seed[1] ^ (h * 0xc2b2ae35u) ^ root_seed[3];
    uint32_t unused[4];
    from_words(child_low, child_high, unused, f->seed_words);
    fault_count++;
  }
  return fault_count;
}

int unplug_fault_count(void) { return fault_count; }

/* Counts the matching operation and says whether the fault fires on it (fires() in the TypeScript). */
static int fires(const struct fault *f, struct unplug_fault_state *state) {
  uint64_t index = state->matching_count++;
  if (f->match_index >= 0) return index == (uint64_t)f->match_index;
  return f->probability >= 1 ? 1 : next_float(state->words) < f->probability;
}

void unplug_decide_with(struct unplug_fault_state *states, enum unplug_op op, const char *relative_path, struct unplug_decision *out) {
  out->delay_ms = 0;
  out->failure = FAILURE_NONE;
  out->keep_fraction = 0;
  for (int i = 0; i < fault_count; i++) {
    const struct fault *f = &faults[i];
    struct unplug_fault_state *state = &states[i];
    if (!state->initialized) {
      memcpy(state->words, f->seed_words, sizeof state->words);
      state->matching_count = 0;
      state->initialized = 1;
    }
    if (!(f->operation_mask & (1u << op))) continue;
    if (f->pattern[0] != '\0' && !unplug_glob_match(f->pattern, relative_path)) continue;
    if (!fires(f, state)) continue;
    switch (f->kind) {
      case KIND_LATENCY: {
        double sample = f->exponential ? -f->mean_ms * log(1 - next_float(state->words)) : f->mean_ms;
        out->delay_ms += sample < f->cap_ms ? sample : f->cap_ms;
        break;
      }
      case KIND_SHORT_WRITE:
        if (out->failure == FAILURE_NONE) out->failure = FAILURE_SHORT_WRITE, out->keep_fraction = f->keep_fraction;
        break;
      case KIND_EIO_SYNC:
        if (out->failure == FAILURE_NONE) out->failure = FAILURE_EIO_SYNC;
        break;
      case KIND_EIO_WRITE:
        if (out->failure == FAILURE_NONE) out->failure = FAILURE_EIO_WRITE;
        break;
      case KIND_ENOSPC:
        if (out->failure == FAILURE_NONE) out->failure = FAILURE_ENOSPC;
        break;
    }
  }
  if (out->delay_ms > MAX_INJECTED_DELAY_MS) out->delay_ms = MAX_INJECTED_DELAY_MS;
}

const char *unplug_failure_name(enum unplug_failure failure) {
  static const char *const names[] = {"none", "eio-fsync", "eio-write", "enospc", "short-write"};
  return names[failure];
}

const char *unplug_op_name(enum unplug_op op) {
  static const char *const names[] = {"open", "write", "truncate", "sync", "sync-directory", "rename", "remove", "mkdir", "read"};
  return names[op];
}
