// rvjit-test: expect
// rvjit-expect-status: 139
// rvjit-expect-stdout:
// rvjit-expect-stderr: ^rvjit: program terminated by SIGSEGV \(Segmentation fault\) at pc 0x[0-9a-f]+, address 0xfffffffffffffff8\n$
// A load from x0 - 8, i.e. address 0xfffffffffffffff8 (the top of the 64-bit space, where the
// kernel lives): SIGSEGV, and the message shows the address as the unsigned 64-bit value.
#include <stdio.h>

int main(void) {
  long v;
  __asm__ volatile("ld %0, -8(zero)" : "=r"(v) : : "memory");
  printf("%ld\n", v);
  return 0;
}
