// rvjit-test: expect
// rvjit-expect-status: 132
// rvjit-expect-stdout: about to execute unimp\n
// rvjit-expect-stderr: ^rvjit: program terminated by SIGILL \(Illegal instruction\) at pc 0x[0-9a-f]+\n$
// The 32-bit `unimp` (csrrw x0, cycle, x0: a write to a read-only CSR, 0xc0001073), which
// compilers emit after noreturn calls: SIGILL.
#include <stdio.h>

int main(void) {
  printf("about to execute unimp\n");
  fflush(stdout);
  __asm__ volatile(".option push\n\t.option norvc\n\tunimp\n\t.option pop");
  printf("survived\n");
  return 0;
}
