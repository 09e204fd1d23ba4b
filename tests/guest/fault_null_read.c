// rvjit-test: expect
// rvjit-expect-status: 139
// rvjit-expect-stdout: reading address 0\n
// rvjit-expect-stderr: ^rvjit: program terminated by SIGSEGV \(Segmentation fault\) at pc 0x[0-9a-f]+, address 0x0\n$
// A load from the null pointer: the first page is never mapped, so the process dies by SIGSEGV
// (status 128+11) and the message names the faulting data address, 0.
#include <stdio.h>

int main(void) {
  printf("reading address 0\n");
  fflush(stdout);
  volatile int *p = 0;
  printf("read %d\n", *p);
  return 0;
}
