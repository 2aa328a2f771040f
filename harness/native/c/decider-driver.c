/*
 * A test driver, not part of the shim: reads "kind<TAB>relativePath" lines on
 * stdin and prints each decision of the native fault decider as
 * "delayMs failure keepFraction", so a test can compare it with the TypeScript
 * decider for the same seed and faults (UNPLUG_NATIVE_SEED, UNPLUG_NATIVE_FAULTS).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "unplug-native.h"

static struct unplug_fault_state states[UNPLUG_MAX_FAULTS];

int main(void) {
  const char *seed = getenv("UNPLUG_NATIVE_SEED");
  if (unplug_parse_faults(getenv("UNPLUG_NATIVE_FAULTS"), seed ? strtoll(seed, NULL, 10) : 0) < 0) return 2;
  char line[8192];
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\n")] = '\0';
    char *tab = strchr(line, '\t');
    if (tab == NULL) return 2;
    *tab = '\0';
    int op = -1;
    for (int i = 0; i < OP_COUNT; i++)
      if (strcmp(unplug_op_name((enum unplug_op)i), line) == 0) op = i;
    if (op < 0) return 2;
    struct unplug_decision decision;
    unplug_decide_with(states, (enum unplug_op)op, tab + 1, &decision);
    printf("%.17g %s %.17g\n", decision.delay_ms, unplug_failure_name(decision.failure), decision.keep_fraction);
  }
  return 0;
}
