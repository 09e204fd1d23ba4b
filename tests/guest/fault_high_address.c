// rvjit-test: expect
// rvjit-expect-status: 139
// rvjit-expect-stdout: low alias readable: 42\n
// rvjit-expect-stderr: ^rvjit: program terminated by SIGSEGV \(Segmentation fault\) at pc 0x[0-9a-f]+, address 0x1[0-9a-f]{8}\n$
// A load from a valid address plus 4 GiB. Nothing is mapped there, so it must fault with the full
// 64-bit address; an emulator that truncates guest addresses to 32 bits would instead read the
// variable at the low address and print 42 again.
#include <stdio.h>
#include <stdint.h>

static volatile int value = 42;

int main(void) {
  volatile int *low = &value;
  volatile int *high = (volatile int *)((uintptr_t)low + 0x100000000ull);
  printf("low alias readable: %d\n", *low);
  fflush(stdout);
  printf("high alias: %d\n", *high);
  return 0;
}
