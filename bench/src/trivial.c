/*
 * trivial: the smallest useful static program, for the start-up figure: the wall time of
 * running it under rvjit minus the wall time of `node -e 0` is what rvjit itself costs
 * before a guest does any work. The argument is accepted (and ignored) like every other
 * program's workload size.
 */
#include <stdio.h>

int main(void) {
  puts("trivial: ok");
  return 0;
}
