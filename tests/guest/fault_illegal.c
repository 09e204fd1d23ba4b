// rvjit-test: expect
// rvjit-expect-status: 132
// rvjit-expect-stdout: about to execute an all-zero word\n
// rvjit-expect-stderr: ^rvjit: program terminated by SIGILL \(Illegal instruction\) at pc 0x[0-9a-f]+\n$
// An all-zero instruction word (`.word 0`, the defined-illegal encoding): SIGILL, status 128+4.
#include <stdio.h>

int main(void) {
  printf("about to execute an all-zero word\n");
  fflush(stdout);
  __asm__ volatile(".word 0");
  printf("survived\n");
  return 0;
}
