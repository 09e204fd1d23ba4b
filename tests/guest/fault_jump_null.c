// rvjit-test: expect
// rvjit-expect-status: 139
// rvjit-expect-stdout: calling address 0\n
// rvjit-expect-stderr: ^rvjit: program terminated by SIGSEGV \(Segmentation fault\) at pc 0x0, address 0x0\n$
// Calling a null function pointer: the instruction fetch at address 0 faults, so pc and the
// faulting address are both 0.
#include <stdio.h>

int main(void) {
  void (*volatile f)(void) = 0;
  printf("calling address 0\n");
  fflush(stdout);
  f();
  printf("returned\n");
  return 0;
}
