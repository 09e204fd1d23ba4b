// rvjit-test: expect
// rvjit-expect-status: 139
// rvjit-expect-stdout: calling main + 4 GiB\n
// rvjit-expect-stderr: ^rvjit: program terminated by SIGSEGV \(Segmentation fault\) at pc 0x1[0-9a-f]{8}, address 0x1[0-9a-f]{8}\n$
// An indirect call to a code address plus 4 GiB: nothing is mapped there, so the fetch faults
// with the full 64-bit pc. A dispatcher or jump cache that keys on the low 32 bits of the pc
// would run main again instead (and print the line twice).
#include <stdio.h>
#include <stdint.h>

int main(void) {
  printf("calling main + 4 GiB\n");
  fflush(stdout);
  ((void (*)(void))((uintptr_t)main + 0x100000000ull))();
  printf("returned\n");
  return 0;
}
