// rvjit-test: expect
// rvjit-expect-status: 134
// rvjit-expect-stdout: aborting\n
// rvjit-expect-stderr: ^rvjit: program terminated by SIGABRT \(Aborted\)\n$
// abort(): glibc unblocks and raises SIGABRT (rt_sigprocmask + tgkill); with the default action
// the process dies with status 128+6.
#include <stdio.h>
#include <stdlib.h>

int main(void) {
  printf("aborting\n");
  fflush(stdout);
  abort();
}
