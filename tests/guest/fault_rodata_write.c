// rvjit-test: expect
// rvjit-expect-status: 139
// rvjit-expect-stdout: hello\n
// rvjit-expect-stderr: ^rvjit: program terminated by SIGSEGV \(Segmentation fault\) at pc 0x[0-9a-f]+, address 0x[0-9a-f]+\n$
// Writing into a string literal: .rodata is mapped read-only, so the store faults (SIGSEGV) even
// though the same address can be read.
#include <stdio.h>

int main(void) {
  char *volatile s = (char *)"hello";
  printf("%s\n", s);
  fflush(stdout);
  *(volatile char *)s = 'j'; /* volatile: a store to a literal is UB, so the compiler could drop a plain one */
  printf("%s\n", s);
  return 0;
}
